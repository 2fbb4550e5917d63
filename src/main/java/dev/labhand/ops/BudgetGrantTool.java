package dev.labhand.ops;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/**
 * {@code budget.grant member: amount:} (instructors, confirmed): raises a member's budget, and the class's, by
 * {@code amount} USD, so a learner refused over budget may start a GPU workspace or VM again.
 */
public final class BudgetGrantTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("budget.grant", Risk.COSTLY, Role.INSTRUCTOR,
            Param.member("member"), Param.integer("amount", 1, 100_000));

    private final BudgetBook book;
    private final MemberNames names;

    BudgetGrantTool(BudgetBook book, MemberNames names) {
        this.book = book;
        this.names = names;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String member = call.args().get("member");
        int amount = call.args().integer("amount", 0);
        book.grant(member, amount, call.caller().id());
        BudgetBook.Standing now = book.member(member);
        String key = now.limited() ? "budget.granted" : "budget.granted.unlimited";
        return Outcome.Done.of(Messages.get(call.lang(), key, "amount", BudgetBook.usd(amount), "name",
                names.nameOf(member), "budget", BudgetBook.usd(now.budget()), "spent", BudgetBook.usd(now.spent())), null);
    }
}
