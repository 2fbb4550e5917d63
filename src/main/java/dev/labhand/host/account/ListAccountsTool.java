package dev.labhand.host.account;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code account.list host:}: the Labhand accounts on a host as the host reports them, each with its last login,
 * whether it is locked, and whether its member is still on the course roster.
 */
public final class ListAccountsTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("account.list", Risk.READ, Role.INSTRUCTOR, Param.host("host"));
    private final HostAccounts accounts;
    private final Supplier<CourseRoster> roster;

    public ListAccountsTool(HostAccounts accounts, Supplier<CourseRoster> roster) {
        this.accounts = accounts;
        this.roster = roster;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        String host = call.args().get("host");
        List<HostAccounts.Listed> rows = accounts.list(host, call.lang());
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "account.list.header", "host", host, "count", rows.size()));
        CourseRoster r = roster.get();
        for (HostAccounts.Listed a : rows) {
            String onRoster = r.inCourse(a.memberId()).map(in -> in ? "yes" : "no").orElse("unknown");
            sb.append("\n• ").append(Messages.get(call.lang(), "account.list.row", "user", a.user(),
                    "member", accounts.names().nameOf(a.memberId()),
                    "state", Messages.get(call.lang(), a.locked() ? "account.state.locked" : "account.state.active"),
                    "last", a.lastLogin().equals("never") ? Messages.get(call.lang(), "account.never") : a.lastLogin(),
                    "roster", Messages.get(call.lang(), "account.roster." + onRoster)));
            if (!a.recorded()) sb.append(' ').append(Messages.get(call.lang(), "account.list.unrecorded"));
        }
        return Outcome.Done.of(sb.toString(), "getent passwd | grep labhand: ; lastlog");
    }
}
