package dev.labhand.host.account;

import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.CallsTools;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code account.revoke host: member:}: the member's keys removed, the account locked, its sessions and processes
 * ended, the member's running workspaces on that host stopped (each an ordinary {@code workspace.stop} call of the
 * same caller, so audited as its own row), and storage access taken through the {@link StorageAccessRevoker}.
 * Files stay. Each remote step is an audit row of its own.
 */
public final class RevokeAccountTool implements CallsTools {
    private static final ToolSpec SPEC = ToolSpec.of("account.revoke", Risk.DESTRUCTIVE, Role.INSTRUCTOR,
            Param.host("host"), Param.string("member", Param.MEMBER_ID)).withTimeout(Duration.ofMinutes(5));
    private final HostAccounts accounts;
    private final WorkspaceRepository workspaces;
    private ToolGateway gateway;

    public RevokeAccountTool(HostAccounts accounts, WorkspaceRepository workspaces) {
        this.accounts = accounts;
        this.workspaces = workspaces;
    }

    @Override
    public void useGateway(ToolGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        boolean active = accounts.repository().account(args.get("host"), args.get("member"))
                .map(AccountRepository.Account::active).orElse(false);
        return active ? null : new Outcome.Invalid(Messages.get(caller.locale(), "account.none", "host", args.get("host"),
                "member", accounts.names().nameOf(args.get("member"))));
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        Caller.Lang lang = call.lang();
        String host = call.args().get("host");
        String member = call.args().get("member");
        HostAccounts.Revoked r = accounts.revoke(call, host, member);
        List<String> lines = new ArrayList<>();
        lines.add(Messages.get(lang, "account.revoked", "user", r.user(), "host", host,
                "member", accounts.names().nameOf(member), "steps", r.steps().isEmpty() ? "-" : String.join(", ", r.steps())));
        if (!r.left().isEmpty()) lines.add(Messages.get(lang, "account.processes-left", "count", r.left()));
        for (WorkspaceRecord w : workspaces.ownedBy(member)) {
            if (!w.host().equals(host) || w.status() != WorkspaceRecord.Status.RUNNING) continue;
            Outcome stopped = gateway.invoke(call.caller(), "workspace.stop", Map.of("name", w.name()), call.origin(),
                    call.progress());
            lines.add(stopped instanceof Outcome.Done
                    ? Messages.get(lang, "account.workspace-stopped", "name", w.name())
                    : Messages.get(lang, "account.workspace-not-stopped", "name", w.name(), "reason", text(stopped)));
        }
        lines.add(r.storage());
        lines.add(Messages.get(lang, "account.files-kept", "user", r.user()));
        return Outcome.Done.of(String.join("\n", lines), "sudo usermod -L -e 1 " + r.user() + " && sudo pkill -KILL -u " + r.user());
    }

    private static String text(Outcome o) {
        if (o instanceof Outcome.Failed f) return f.text();
        if (o instanceof Outcome.Denied d) return d.text();
        if (o instanceof Outcome.Invalid i) return i.text();
        return o.kind();
    }
}
