package dev.labhand.host.account;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;


/**
 * {@code account.connect host:}: how the calling member reaches their account: a {@code ~/.ssh/config} block
 * (with a {@code LocalForward} per port of their workspaces on that host), the same as {@code ssh -L} lines,
 * and the VS Code Remote-SSH and Remote Tunnel steps.
 */
public final class ConnectAccountTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("account.connect", Risk.READ, Role.LEARNER, Param.host("host"))
            .answeredPrivately();
    private final HostAccounts accounts;
    private final WorkspaceRepository workspaces;

    public ConnectAccountTool(HostAccounts accounts, WorkspaceRepository workspaces) {
        this.accounts = accounts;
        this.workspaces = workspaces;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String hostName = call.args().get("host");
        String member = call.caller().id();
        HostRecord host = accounts.host(hostName, call.lang());
        AccountRepository.Account account = accounts.repository().account(hostName, member)
                .filter(AccountRepository.Account::active).orElse(null);
        if (account == null) {
            return new Outcome.Invalid(Messages.get(call.lang(), "account.connect.none", "host", hostName));
        }
        if (host.address() == null) {
            return new Outcome.Invalid(Messages.get(call.lang(), "host.not-running", "name", hostName,
                    "state", Messages.get(call.lang(), "vm.state." + host.state())));
        }
        String identity = KeyFiles.identityFile(accounts.repository().keyOf(member).orElse(null));
        List<Integer> ports = new ArrayList<>();
        for (WorkspaceRecord w : workspaces.ownedBy(member)) {
            if (w.host().equals(hostName)) ports.addAll(w.ports().values());
        }
        String alias = "labhand-" + hostName;
        StringBuilder config = new StringBuilder("Host ").append(alias)
                .append("\n    HostName ").append(host.address())
                .append("\n    User ").append(account.user())
                .append("\n    IdentityFile ").append(identity)
                .append("\n    IdentitiesOnly yes");
        if (host.sshPort() != 22) config.append("\n    Port ").append(host.sshPort());
        for (int p : ports) config.append("\n    LocalForward ").append(p).append(" 127.0.0.1:").append(p);
        String port = host.sshPort() == 22 ? "" : " -p " + host.sshPort();
        StringBuilder oneLiners = new StringBuilder("ssh -i " + identity + port + " " + account.user() + "@" + host.address());
        if (!ports.isEmpty()) {
            StringBuilder forwards = new StringBuilder();
            for (int p : ports) forwards.append(" -L ").append(p).append(":127.0.0.1:").append(p);
            oneLiners.append("\nssh -N").append(forwards).append(" -i ").append(identity).append(port).append(' ')
                    .append(account.user()).append('@').append(host.address());
        }
        String text = Messages.get(call.lang(), "account.connect.text", "host", hostName, "user", account.user(),
                "config", config.toString(), "ssh", oneLiners.toString(), "alias", alias,
                "ports", ports.isEmpty() ? "-" : String.join(", ", ports.stream().map(String::valueOf).toList()));
        return Outcome.Done.of(text, "ssh " + alias);
    }

}
