package dev.labhand.host.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.store.HostRepository;
import dev.labhand.tool.AuditSink;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.DockerHosts;
import dev.labhand.workspace.WorkspaceService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Members' accounts on registered hosts, made and taken away over the host's SSH commands as root (the
 * bot's SSH user directly when it is root, else through {@code sudo -n}). The store records which Linux name
 * belongs to which member on each host; the host itself marks each account with its member (the comment
 * field), so a user Labhand did not make is never changed.
 */
public final class HostAccounts {
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OUTPUT_LIMIT = 64_000;

    private final AccountRepository repo;
    private final HostRepository hosts;
    private final DockerHosts engines;
    private final MemberNames names;
    private final AuditSink audit;
    private final StorageAccessRevoker storage;
    private final Clock clock;

    /** What a grant did: the account's name, the steps that changed something (none: it was already so), `id`. */
    public record Granted(String user, List<String> steps, String id) {}

    /** What a revoke did, step by step, and what is left (processes that would not end). */
    public record Revoked(String user, List<String> steps, String left, String storage) {}

    /** One account on a host as the host reports it, with what the store says of its member. */
    public record Listed(String user, String memberId, boolean locked, String lastLogin, boolean recorded) {}

    public HostAccounts(AccountRepository repo, HostRepository hosts, DockerHosts engines, MemberNames names,
                        AuditSink audit, StorageAccessRevoker storage, Clock clock) {
        this.repo = repo;
        this.hosts = hosts;
        this.engines = engines;
        this.names = names;
        this.audit = audit;
        this.storage = storage;
        this.clock = clock;
    }

    public AccountRepository repository() {
        return repo;
    }

    public MemberNames names() {
        return names;
    }

    /** The host, which must be a registered (remote) one. */
    public HostRecord host(String name, Lang lang) {
        if (name.equals(HostRecord.LOCAL)) throw UserError.beforeActing(Messages.get(lang, "account.local"), null);
        return hosts.byName(name).orElseThrow(() ->
                UserError.beforeActing(Messages.get(lang, "ref.missing.host", "name", name), null));
    }

    /**
     * The account name {@code memberId} gets (or has) on {@code host}: the recorded one, else {@code wanted}, else
     * one derived from the member; a name another member holds there is refused when asked for, and skipped
     * ({@code name-2}...) when derived. Empty when the member's id gives no valid name and none was asked for.
     */
    public Optional<String> nameFor(String host, String memberId, String wanted) {
        Optional<AccountRepository.Account> had = repo.account(host, memberId);
        if (had.isPresent()) return Optional.of(had.get().user());
        if (wanted != null) {
            if (!AccountName.valid(wanted)) return Optional.empty();
            return repo.byUser(host, wanted).isPresent() ? Optional.empty() : Optional.of(wanted);
        }
        Optional<String> base = AccountName.derive(memberId, names.nameOf(memberId));
        if (base.isEmpty()) return Optional.empty();
        String name = base.get();
        for (int attempt = 2; repo.byUser(host, name).isPresent(); attempt++) {
            if (attempt > 9) return Optional.empty();
            name = AccountName.next(base.get(), attempt);
        }
        return Optional.of(name);
    }

    /** Makes (or brings back to what is asked) the member's account; every change is in the returned steps. */
    public Granted grant(Invocation call, String host, String memberId, String user, MemberKey key, boolean docker,
                         boolean sudo) throws InterruptedException {
        Lang lang = call.lang();
        HostRecord h = host(host, lang);
        String[] args = {user, AccountScripts.marker(memberId), key.line(), String.valueOf(docker), String.valueOf(sudo),
                WorkspaceService.remoteMemberDir(memberId)};
        DockerEngine.ExecResult r = run(h, "labhand-grant", AccountScripts.GRANT, lang, args);
        refuseCollision(r, user, host, lang);
        if (!Integer.valueOf(0).equals(r.exitCode())) {
            throw new UserError(Messages.get(lang, "account.remote-failed", "host", host, "user", user,
                    "output", clip(r.output())));
        }
        List<String> steps = steps(r.output());
        repo.granted(host, memberId, user, docker, sudo, key.fingerprint(), call.caller().id());
        hosts.assign(host, memberId, call.caller().id());
        for (String step : steps) auditStep(call, "account.grant", host, memberId, user, step);
        String id = r.output().lines().filter(l -> l.startsWith("id:")).map(l -> l.substring(3)).findFirst().orElse("");
        return new Granted(user, steps, id);
    }

    /** Removes the keys, locks the account, ends its processes, takes storage access; keeps the files. */
    public Revoked revoke(Invocation call, String host, String memberId) throws InterruptedException {
        Lang lang = call.lang();
        HostRecord h = host(host, lang);
        AccountRepository.Account account = repo.account(host, memberId).orElseThrow(() ->
                UserError.beforeActing(Messages.get(lang, "account.none", "host", host, "member", names.nameOf(memberId)), null));
        DockerEngine.ExecResult r = run(h, "labhand-revoke", AccountScripts.REVOKE, lang, account.user(),
                AccountScripts.marker(memberId));
        refuseCollision(r, account.user(), host, lang);
        if (!Integer.valueOf(0).equals(r.exitCode())) {
            throw new UserError(Messages.get(lang, "account.remote-failed", "host", host, "user", account.user(),
                    "output", clip(r.output())));
        }
        List<String> steps = new ArrayList<>(steps(r.output()));
        String left = r.output().lines().filter(l -> l.startsWith("processes-left:")).map(l -> l.substring(15))
                .findFirst().orElse("");
        repo.revoked(host, memberId, call.caller().id());
        for (String step : steps) auditStep(call, "account.revoke", host, memberId, account.user(), step);
        String storageNote = storage.revoke(host, memberId, lang);
        auditStep(call, "account.revoke", host, memberId, account.user(), "storage");
        return new Revoked(account.user(), steps, left, storageNote);
    }

    /** The Labhand accounts the host has, each matched with the store's record of its member. */
    public List<Listed> list(String host, Lang lang) throws InterruptedException {
        HostRecord h = host(host, lang);
        DockerEngine.ExecResult r = run(h, "labhand-list", AccountScripts.LIST, lang);
        if (!Integer.valueOf(0).equals(r.exitCode())) {
            throw new UserError(Messages.get(lang, "account.remote-failed", "host", host, "user", "-",
                    "output", clip(r.output())));
        }
        List<Listed> out = new ArrayList<>();
        for (String line : r.output().lines().filter(l -> l.startsWith("acct|")).toList()) {
            String[] f = line.split("\\|", 5);
            if (f.length < 5) continue;
            String member = f[2].substring("labhand/".length());
            boolean recorded = repo.account(host, member).map(a -> a.user().equals(f[1])).orElse(false);
            out.add(new Listed(f[1], member, f[3].equals("yes"), f[4].strip(), recorded));
        }
        return out;
    }

    private DockerEngine.ExecResult run(HostRecord h, String name, String script, Lang lang, String... args)
            throws InterruptedException {
        boolean root = "root".equals(h.sshUser());
        return engines.commands(h.name(), lang).run(AccountScripts.argv(root, name, script, args), SCRIPT_TIMEOUT,
                OUTPUT_LIMIT);
    }

    private static void refuseCollision(DockerEngine.ExecResult r, String user, String host, Lang lang) {
        if (Integer.valueOf(3).equals(r.exitCode()) && r.output().contains("collision")) {
            throw UserError.beforeActing(Messages.get(lang, "account.collision", "user", user, "host", host), null);
        }
    }

    private static List<String> steps(String output) {
        return output.lines().filter(l -> l.startsWith("step:")).map(l -> l.substring(5).strip()).toList();
    }

    /** One audit row per remote step, beside the call's own rows: what changed on which host, for whom. */
    private void auditStep(Invocation call, String tool, String host, String memberId, String user, String step) {
        Caller c = call.caller();
        Map<String, String> args = new TreeMap<>(Map.of("host", host, "member", memberId, "user", user, "step", step));
        String json;
        try {
            json = JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        audit.record(new AuditSink.Entry(clock.instant(), c.id(), c.role().id(), call.origin().name().toLowerCase(),
                tool, json, "step", step, null, 0));
    }

    private static String clip(String output) {
        String oneLine = output.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
