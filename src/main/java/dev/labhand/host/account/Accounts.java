package dev.labhand.host.account;

import dev.labhand.config.LabhandConfig;
import dev.labhand.store.Database;
import dev.labhand.store.HostRepository;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.AuditSink;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolGateway;
import dev.labhand.workspace.DockerHosts;
import java.time.Clock;
import java.util.List;

/**
 * The accounts feature as Wiring sees it: its tools, offboarding, and the course roster a front end provides
 * (Discord: guild membership and the course role).
 */
public final class Accounts {
    private final AccountRepository repo;
    private final HostAccounts hostAccounts;
    private final WorkspaceRepository workspaces;
    private final Offboarding offboarding;
    private volatile CourseRoster roster = CourseRoster.UNKNOWN;

    public Accounts(Database db, HostRepository hosts, WorkspaceRepository workspaces, DockerHosts engines,
                    MemberNames names, AuditSink audit, StorageAccessRevoker storage, Notifier notices,
                    LabhandConfig.Accounts settings, Clock clock) {
        this.repo = new AccountRepository(db, clock);
        this.workspaces = workspaces;
        this.hostAccounts = new HostAccounts(repo, hosts, engines, names, audit, storage, clock);
        this.offboarding = new Offboarding(repo, settings, notices);
    }

    public List<Tool> tools() {
        return List.of(new KeySetTool(repo), new KeyGenerateTool(repo), new GrantAccountTool(hostAccounts),
                new ConnectAccountTool(hostAccounts, workspaces), new RevokeAccountTool(hostAccounts, workspaces),
                new ListAccountsTool(hostAccounts, () -> roster));
    }

    /** Called once the gateway over these tools exists. */
    public void useGateway(ToolGateway gateway) {
        offboarding.useGateway(gateway);
    }

    public void useRoster(CourseRoster roster) {
        this.roster = roster;
    }

    public CourseRoster roster() {
        return roster;
    }

    public Offboarding offboarding() {
        return offboarding;
    }

    /** For the member overview: the member's active accounts, one line. */
    public List<String> overview(String memberId, dev.labhand.tool.Caller.Lang lang) {
        List<AccountRepository.Account> active = repository().activeOf(memberId);
        return List.of(active.isEmpty() ? dev.labhand.i18n.Messages.get(lang, "desk.member.accounts.none")
                : dev.labhand.i18n.Messages.get(lang, "desk.member.accounts", "accounts", String.join(", ",
                        active.stream().map(a -> a.user() + "@" + a.host() + (a.docker() ? " (docker)" : "")).toList())));
    }

    public AccountRepository repository() {
        return repo;
    }

    /** The periodic roster check: members with accounts that the roster says are gone are offboarded. */
    public int checkRoster() {
        return offboarding.checkRoster(roster);
    }
}
