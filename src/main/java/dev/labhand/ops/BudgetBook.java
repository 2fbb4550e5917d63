package dev.labhand.ops;

import dev.labhand.config.LabhandConfig;
import dev.labhand.i18n.Messages;
import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.tool.Args;
import dev.labhand.tool.CallPolicy;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Budgets: the configured class and member budgets plus what instructors granted, what has been spent
 * (the ledger), the alerts at 50/80/100% (once each per budget amount) and the gateway's budget policy: a
 * learner over their budget, or in a class over its budget, is refused a call that starts something billed by
 * the hour ({@link Tool#spendsBudget}). A grant raises the member's budget and the class's by the same amount.
 */
public final class BudgetBook implements CallPolicy {
    static final int[] THRESHOLDS = {50, 80, 100};
    static final String CLASS = "class";

    private final LabhandConfig.Budgets config;
    private final CostLedger ledger;
    private final Database db;
    private final Notifier notifier;
    private final Clock clock;

    BudgetBook(LabhandConfig.Budgets config, CostLedger ledger, Database db, Notifier notifier, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.db = db;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Spent and budget in USD; a budget of 0 means none is set. */
    record Standing(double spent, double budget) {
        boolean limited() {
            return budget > 0;
        }

        boolean over() {
            return limited() && spent >= budget;
        }

        int percent() {
            return limited() ? (int) Math.floor(100 * spent / budget) : 0;
        }
    }

    /** For the member overview: what the member's VMs cost so far, against their budget when one is set. */
    public java.util.List<String> overview(String memberId, dev.labhand.tool.Caller.Lang lang) {
        Standing s = member(memberId);
        return java.util.List.of(s.limited()
                ? dev.labhand.i18n.Messages.get(lang, "desk.member.budget", "spent", String.format(java.util.Locale.ROOT, "%.2f", s.spent()),
                        "budget", String.format(java.util.Locale.ROOT, "%.2f", s.budget()), "percent", s.percent())
                : dev.labhand.i18n.Messages.get(lang, "desk.member.budget.unlimited", "spent",
                        String.format(java.util.Locale.ROOT, "%.2f", s.spent())));
    }

    Standing member(String memberId) {
        double spent = ledger.linesOf(memberId).stream().mapToDouble(CostLedger.Line::usd).sum();
        double base = config.memberBudget(memberId);
        return new Standing(spent, base > 0 ? base + granted(memberId) : 0);
    }

    Standing classWide() {
        double spent = ledger.lines().stream().mapToDouble(CostLedger.Line::usd).sum();
        return new Standing(spent, config.classUsd() > 0 ? config.classUsd() + granted(null) : 0);
    }

    /** What instructors granted one member (null: everyone). */
    double granted(String memberId) {
        return db.read(c -> Sql.one(c, memberId == null ? "SELECT COALESCE(SUM(usd), 0) FROM budget_grants"
                : "SELECT COALESCE(SUM(usd), 0) FROM budget_grants WHERE member_id = ?",
                rs -> rs.getDouble(1), memberId == null ? new Object[0] : new Object[] {memberId})).orElse(0.0);
    }

    void grant(String memberId, double usd, String by) {
        db.tx(c -> Sql.update(c, "INSERT INTO budget_grants (member_id, usd, granted_by, granted_at) VALUES (?, ?, ?, ?)",
                memberId, usd, by, clock.instant().toString()));
    }

    /** Every member the ledger or the configuration knows, with their standing. */
    Map<String, Standing> members() {
        Map<String, Standing> out = new TreeMap<>();
        ledger.lines().forEach(l -> out.computeIfAbsent(l.memberId(), this::member));
        config.members().keySet().forEach(m -> out.computeIfAbsent(m, this::member));
        return out;
    }

    @Override
    public Outcome admit(Caller caller, Tool tool, Args args) {
        if (caller.role().atLeast(Role.INSTRUCTOR) || !tool.spendsBudget(args)) return null;
        Standing mine = member(caller.id());
        if (mine.over()) {
            return new Outcome.Denied(Messages.get(caller.locale(), "budget.refused.member", "tool", tool.spec().name(),
                    "spent", usd(mine.spent()), "budget", usd(mine.budget())));
        }
        Standing all = classWide();
        if (all.over()) {
            return new Outcome.Denied(Messages.get(caller.locale(), "budget.refused.class", "tool", tool.spec().name(),
                    "spent", usd(all.spent()), "budget", usd(all.budget())));
        }
        return null;
    }

    /** Tells the instructors of every threshold crossed since the last check, once each per budget amount. */
    void alertCrossings() {
        alert(CLASS, classWide(), "budget.alert.class", "");
        members().forEach((m, s) -> alert(m, s, "budget.alert.member", m));
    }

    private void alert(String scope, Standing s, String key, String memberId) {
        if (!s.limited()) return;
        for (int t : THRESHOLDS) {
            if (s.percent() < t) break;
            boolean first = db.tx(c -> Sql.update(c, "INSERT OR IGNORE INTO budget_alerts (scope, threshold, budget_usd, sent_at) "
                    + "VALUES (?, ?, ?, ?)", scope, t, usd(s.budget()), clock.instant().toString())) == 1;
            if (!first) continue;
            for (String instructor : instructors()) {
                notifier.notify(instructor, key, "percent", t, "member", memberId, "spent", usd(s.spent()),
                        "budget", usd(s.budget()));
            }
        }
    }

    private List<String> instructors() {
        List<String> staff = db.read(c -> Sql.list(c, "SELECT id FROM members WHERE role = ? ORDER BY id",
                rs -> rs.getString(1), Role.INSTRUCTOR.id()));
        return staff.isEmpty() ? db.read(c -> Sql.list(c, "SELECT id FROM members WHERE role = ? ORDER BY id",
                rs -> rs.getString(1), Role.ADMIN.id())) : staff;
    }

    static String usd(double amount) {
        return String.format(Locale.ROOT, "$%.2f", amount);
    }
}
