package dev.labhand.host.account;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code account.grant host: member: [docker:] [sudo:] [user:]}: a Linux account for the member on the host, with
 * the member's stored key, no password, a home and the member's workspace data folder linked into it; the
 * {@code docker} group only when asked (root-equivalent on that host), {@code sudo} only when asked. Granting again
 * changes only what differs. The member is assigned to the host, as {@code host.assign} does.
 */
public final class GrantAccountTool implements Tool {
    /** What {@code user:} may be before the account-name rules are applied (which then say what is wrong). */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ToolSpec SPEC = ToolSpec.of("account.grant", Risk.DESTRUCTIVE, Role.INSTRUCTOR,
                    Param.host("host"), Param.string("member", Param.MEMBER_ID), Param.bool("docker"), Param.bool("sudo"),
                    Param.string("user", USER).optional(null))
            .withTimeout(Duration.ofMinutes(2));
    private final HostAccounts accounts;

    public GrantAccountTool(HostAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** Refused before a confirmation is asked for: the local host, no key, no valid free name. */
    @Override
    public Outcome check(Caller caller, Args args) {
        Caller.Lang lang = caller.locale();
        String host = args.get("host");
        String member = args.get("member");
        if (host.equals(dev.labhand.store.HostRecord.LOCAL)) return new Outcome.Invalid(Messages.get(lang, "account.local"));
        if (name(args).isEmpty()) {
            String wanted = args.get("user");
            return new Outcome.Invalid(wanted == null
                    ? Messages.get(lang, "account.name.underivable", "member", member, "max", AccountName.MAX)
                    : Messages.get(lang, "account.name.refused", "user", wanted, "host", host, "max", AccountName.MAX));
        }
        if (accounts.repository().keyOf(member).isEmpty()) {
            return new Outcome.Invalid(Messages.get(lang, "account.no-key", "member", accounts.names().nameOf(member)));
        }
        return null;
    }

    private Optional<String> name(Args args) {
        return accounts.nameFor(args.get("host"), args.get("member"), args.get("user"));
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        Args args = call.args();
        Caller.Lang lang = call.lang();
        String host = args.get("host");
        String member = args.get("member");
        Outcome refused = check(call.caller(), args);
        if (refused != null) return refused;
        MemberKey key = MemberKey.parse(accounts.repository().keyOf(member).orElseThrow().line());
        HostAccounts.Granted g = accounts.grant(call, host, member, name(args).orElseThrow(), key, args.flag("docker"),
                args.flag("sudo"));
        StringBuilder text = new StringBuilder(g.steps().isEmpty()
                ? Messages.get(lang, "account.granted.already", "user", g.user(), "host", host)
                : Messages.get(lang, "account.granted", "user", g.user(), "host", host,
                        "member", accounts.names().nameOf(member), "steps", String.join(", ", g.steps())));
        text.append('\n').append(g.id());
        if (args.flag("docker")) text.append('\n').append(Messages.get(lang, "account.docker-warning", "host", host));
        if (args.flag("sudo")) text.append('\n').append(Messages.get(lang, "account.sudo-warning", "host", host));
        text.append('\n').append(Messages.get(lang, "account.granted.next", "host", host));
        String teach = "sudo useradd -m -s /bin/bash " + g.user() + (args.flag("docker") ? " && sudo usermod -aG docker "
                + g.user() : "");
        return Outcome.Done.of(text.toString(), teach);
    }
}
