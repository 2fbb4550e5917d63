package dev.labhand.host.account;

import dev.labhand.config.LabhandConfig;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member who left the course (left the Discord guild, lost the course role) loses every account: each is an
 * {@code account.revoke} call through the gateway by Labhand itself, confirmed by it and audited like any other.
 * With {@code accounts.offboarding: ask} the instructors are told instead and revoke themselves. The platform
 * reports leaves as they happen when it can (Discord's privileged members intent); {@link #checkRoster} is the
 * periodic fallback that asks the platform about every member holding an account.
 */
public final class Offboarding {
    private static final Logger log = LoggerFactory.getLogger(Offboarding.class);
    static final Caller SYSTEM = new Caller("labhand", "Labhand", Role.ADMIN, Caller.Lang.EN, "system");

    private final AccountRepository repo;
    private final LabhandConfig.Accounts settings;
    private final Notifier notices;
    private volatile ToolGateway gateway;

    public Offboarding(AccountRepository repo, LabhandConfig.Accounts settings, Notifier notices) {
        this.repo = repo;
        this.settings = settings;
        this.notices = notices;
    }

    /** Set once the gateway exists (it is built over the catalog these tools are in). */
    public void useGateway(ToolGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * The platform says the member is no longer in the course; {@code why} is {@code left} or {@code role}.
     * Returns the outcome of each revoke made (none when asking, off, or the member has no account).
     */
    public List<Outcome> memberLeft(String memberId, String why) {
        List<AccountRepository.Account> active = repo.activeOf(memberId);
        if (active.isEmpty() || settings.offboarding().equals("off")) return List.of();
        if (settings.offboarding().equals("ask")) {
            for (String staff : repo.staff()) {
                for (AccountRepository.Account a : active) {
                    notices.notify(staff, "account.offboard.ask." + why, "member", memberId, "host", a.host(),
                            "user", a.user());
                }
            }
            return List.of();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (AccountRepository.Account a : active) {
            Map<String, String> args = Map.of("host", a.host(), "member", memberId);
            Outcome o = gateway.invoke(SYSTEM, "account.revoke", args, Origin.SYSTEM);
            if (o instanceof Outcome.NeedsConfirmation n) {
                o = gateway.invokeConfirmed(SYSTEM, "account.revoke", args, Origin.SYSTEM, n.code(),
                        dev.labhand.tool.Progress.NONE);
            }
            outcomes.add(o);
            if (!(o instanceof Outcome.Done)) log.warn("offboarding revoke of {} on {} did not complete: {}", memberId, a.host(), o.kind());
            for (String staff : repo.staff()) {
                notices.notify(staff, o instanceof Outcome.Done ? "account.offboard.revoked" : "account.offboard.failed",
                        "member", memberId, "host", a.host(), "user", a.user());
            }
        }
        return outcomes;
    }

    /** Asks the roster about every member with an account; those it says are gone are offboarded. Returns how many. */
    public int checkRoster(CourseRoster roster) {
        int gone = 0;
        for (String member : repo.membersWithAccounts()) {
            if (roster.inCourse(member).orElse(true)) continue; // unknown is never taken as gone
            gone++;
            memberLeft(member, "left");
        }
        return gone;
    }
}
