package dev.labhand.ops;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Attachment;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code budget.show [member:] [by:]}: what has been spent against the budget, with the teaching line (the same
 * hours on demand and as spot) and a chart of spend per day stacked by member or by VM with the budget line.
 * A learner sees their own; an instructor without {@code member:} sees the class, by member and by VM.
 */
public final class BudgetShowTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("budget.show", Risk.READ, Role.LEARNER,
            Param.member("member").optional(null), Param.choice("by", List.of("member", "vm")).optional("member"))
            .answeredPrivately();

    private final BudgetBook book;
    private final CostLedger ledger;
    private final MemberNames names;

    BudgetShowTool(BudgetBook book, CostLedger ledger, MemberNames names) {
        this.book = book;
        this.ledger = ledger;
        this.names = names;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        String member = call.args().get("member");
        boolean classView = member == null && call.caller().role().atLeast(Role.INSTRUCTOR);
        if (member == null) member = call.caller().id();
        List<CostLedger.Line> lines = classView ? ledger.lines() : ledger.linesOf(member);
        BudgetBook.Standing standing = classView ? book.classWide() : book.member(member);
        StringBuilder text = new StringBuilder(standing(lang, classView ? Messages.get(lang, "budget.show.class-name")
                : names.nameOf(member), standing));
        if (lines.isEmpty()) {
            return Outcome.Done.of(text.append('\n').append(Messages.get(lang, "budget.show.empty")).toString(), command());
        }
        if (classView) {
            text.append('\n').append(Messages.get(lang, "budget.show.by-member"));
            book.members().forEach((m, s) -> {
                if (s.spent() > 0 || s.limited()) text.append("\n• ").append(standing(lang, names.nameOf(m), s));
            });
        }
        text.append('\n').append(Messages.get(lang, "budget.show.by-vm"));
        sums(lines, CostLedger.Line::host).forEach((host, sum) -> text.append("\n• ").append(Messages.get(lang,
                "budget.show.vm-line", "host", host, "hours", hours(sum.hours()), "spent", BudgetBook.usd(sum.usd()))));
        Sum all = sums(lines, l -> "").get("");
        int saving = all.onDemand() <= 0 ? 0 : (int) Math.round(100 * (1 - all.spot() / all.onDemand()));
        text.append('\n').append(Messages.get(lang, "budget.show.teaching", "hours", hours(all.hours()),
                "onDemand", BudgetBook.usd(all.onDemand()), "spot", BudgetBook.usd(all.spot()), "saving", saving,
                "spent", BudgetBook.usd(all.usd())));
        boolean byVm = !classView || "vm".equals(call.args().get("by"));
        Function<CostLedger.Line, String> series = byVm ? CostLedger.Line::host : l -> names.nameOf(l.memberId());
        byte[] png = SpendChart.png(lines, series, standing.budget(), new SpendChart.Labels(
                Messages.get(lang, byVm ? "budget.chart.title.vm" : "budget.chart.title.member"),
                Messages.get(lang, "budget.chart.day"), Messages.get(lang, "budget.chart.per-day"),
                Messages.get(lang, "budget.chart.total"), Messages.get(lang, "budget.chart.budget")));
        return Outcome.Done.of(text.toString(), command()).with(new Attachment("spend.png", png));
    }

    private static String standing(Lang lang, String who, BudgetBook.Standing s) {
        return s.limited()
                ? Messages.get(lang, "budget.show.standing", "name", who, "spent", BudgetBook.usd(s.spent()),
                        "budget", BudgetBook.usd(s.budget()), "percent", s.percent())
                : Messages.get(lang, "budget.show.unlimited", "name", who, "spent", BudgetBook.usd(s.spent()));
    }

    private record Sum(double hours, double usd, double onDemand, double spot) {
        Sum plus(CostLedger.Line l) {
            return new Sum(hours + l.hours(), usd + l.usd(), onDemand + l.onDemandUsd(), spot + l.spotUsd());
        }
    }

    private static Map<String, Sum> sums(List<CostLedger.Line> lines, Function<CostLedger.Line, String> key) {
        Map<String, Sum> out = new TreeMap<>();
        for (CostLedger.Line l : lines) out.merge(key.apply(l), new Sum(0, 0, 0, 0).plus(l), (a, b) ->
                new Sum(a.hours() + b.hours(), a.usd() + b.usd(), a.onDemand() + b.onDemand(), a.spot() + b.spot()));
        return out;
    }

    private static String hours(double h) {
        return String.format(java.util.Locale.ROOT, "%.1f", h);
    }

    /** Where the real bill is, for the curious: the cloud's own cost report grouped by the owner tag Labhand sets. */
    private static String command() {
        return "aws ce get-cost-and-usage --time-period Start=<yyyy-mm-dd>,End=<yyyy-mm-dd> --granularity DAILY "
                + "--metrics UnblendedCost --group-by Type=TAG,Key=owner";
    }
}
