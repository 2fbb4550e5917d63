package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.ssh.DockerOverSsh;
import dev.labhand.ssh.HostKeyMismatchException;
import dev.labhand.ssh.SshExec;
import dev.labhand.ssh.SshFailure;
import dev.labhand.ssh.SshPublicKey;
import dev.labhand.ssh.SshTarget;
import dev.labhand.store.HostHealthRepository;
import dev.labhand.store.HostRecord;
import dev.labhand.store.HostRepository;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.DockerHosts;
import dev.labhand.workspace.EngineRoute;
import dev.labhand.workspace.HostCommands;
import dev.labhand.workspace.Reconciler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engines of registered hosts, each reached through its own SSH bridge, opened on first use
 * and kept. A VM's host key is recorded on first contact from the cloud's own output (never from the
 * connection itself); after that, a host presenting another key is refused. A changed address, user
 * or key opens a new bridge.
 */
public final class RemoteHosts implements DockerHosts, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteHosts.class);

    /**
     * One host's SSH bridge, with an engine client per language: a request that breaks off is explained by
     * the bridge (host down, host key changed) in the member's language, as a first contact would be.
     */
    private record Bridge(String host, SshTarget target, DockerOverSsh ssh, Duration timeout, Map<Lang, DockerEngine> engines,
                          java.util.function.Consumer<SshFailure> onProblem) {
        DockerEngine engine(Lang lang) {
            return engines.computeIfAbsent(lang, l -> new DockerEngine(ssh.dockerHost(), timeout, new EngineRoute() {
                @Override
                public void check() {
                    ssh.check();
                }

                @Override
                public RuntimeException explain(RuntimeException broken) {
                    return ssh.problem().<RuntimeException>map(f -> {
                        onProblem.accept(f); // the host's health says so for every process, until it answers
                        return refusal(host, f, l);
                    }).orElse(broken);
                }
            }));
        }
    }

    private final DockerEngine local;
    private final HostRepository hosts;
    private final VmProviders providers;
    private final VmKeys keys;
    private final Duration timeout;
    private final BiFunction<String, DockerEngine, Reconciler> reconcilers;
    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    private final HostHealthRepository health;
    private final Clock clock;

    /** A failed check this recent makes a call fail at once; an older one lets the call try the host again. */
    static final Duration FAIL_FAST_FOR = Duration.ofSeconds(60);
    /** How long a probe (connect and {@code docker version}) may take. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param reconcilers makes the reconciler of a host's engine (host name, engine), run when the host is
     *                    first reached (a create that died half-way on that host is found there, not at
     *                    start-up); it must only compare, never adopt, and only this installation's
     *                    containers; null to only look (doctor)
     */
    public RemoteHosts(DockerEngine local, HostRepository hosts, VmProviders providers, VmKeys keys, Duration timeout,
                       BiFunction<String, DockerEngine, Reconciler> reconcilers, HostHealthRepository health,
                       Clock clock) {
        this.reconcilers = reconcilers;
        this.health = health;
        this.clock = clock;
        this.local = local;
        this.hosts = hosts;
        this.providers = providers;
        this.keys = keys;
        this.timeout = timeout;
    }

    @Override
    public DockerEngine local() {
        return local;
    }

    @Override
    public DockerEngine engine(String host, Lang lang) {
        if (host.equals(LOCAL)) return local;
        HostRecord h = hosts.byName(host).orElseThrow(() -> new UserError(Messages.get(lang, "ref.missing.host", "name", host)));
        if (!h.state().equals(VmState.RUNNING.id()) || h.address() == null) {
            throw new UserError(Messages.get(lang, "host.not-running", "name", host,
                    "state", Messages.get(lang, "vm.state." + h.state())));
        }
        SshTarget target = target(h, lang);
        if (knownDown(host, lang)) forget(host); // its pooled bridge is stale: try the host afresh
        Bridge open = bridges.get(host);
        if (open != null && open.target().equals(target)) return open.engine(lang);
        synchronized (this) {
            open = bridges.get(host);
            if (open != null && open.target().equals(target)) return open.engine(lang);
            if (open != null) close(host, open);
            Bridge fresh = connect(host, target, lang);
            bridges.put(host, fresh);
            reconcile(host, fresh.engine(lang));
            return fresh.engine(lang);
        }
    }

    /**
     * Runs programs on the host over SSH, one connection per call: host diagnostics are rare, and a fresh
     * connection re-checks the host key each time.
     */
    @Override
    public HostCommands commands(String host, Lang lang) {
        HostRecord h = hosts.byName(host).orElseThrow(() -> new UserError(Messages.get(lang, "ref.missing.host", "name", host)));
        SshTarget target = target(h, lang);
        return new HostCommands() {
            @Override
            public boolean has(String program) throws InterruptedException {
                return run(List.of("sh", "-c", "command -v \"$0\" >/dev/null", program), timeout, 200).exitCode() == Integer.valueOf(0);
            }

            @Override
            public DockerEngine.ExecResult run(List<String> argv, Duration limit, int maxBytes) throws InterruptedException {
                try (SshExec exec = open(host, target, lang)) {
                    SshExec.ExecResult r = exec.run(argv, limit, maxBytes);
                    return new DockerEngine.ExecResult(r.exitCode(), r.output(), r.truncated());
                }
            }
        };
    }

    private SshExec open(String host, SshTarget target, Lang lang) {
        knownDown(host, lang);
        try {
            SshExec exec = SshExec.open(target, keys.privateKey(), timeout);
            markUp(host);
            return exec;
        } catch (SshFailure e) {
            markDown(host, e);
            throw refusal(host, e, lang);
        }
    }

    /**
     * A host found down within {@link #FAIL_FAST_FOR} is answered as down at once, naming since when and why
     * (a host-key mismatch is refused in the key exchange anyway, and its own message names both keys).
     * Returns whether the host was known down longer ago: then the caller tries it afresh.
     */
    private boolean knownDown(String host, Lang lang) {
        if (health == null) return false;
        Optional<HostHealthRepository.Health> down = health.of(host).filter(h -> !h.reachable());
        if (down.isEmpty()) return false;
        HostHealthRepository.Health h = down.get();
        if (h.checkedAt().isAfter(clock.instant().minus(FAIL_FAST_FOR)) && !h.reason().equals(HOST_KEY_REASON)) {
            throw UserError.beforeActing(downSince(host, h, lang), null);
        }
        return true;
    }

    private static final String HOST_KEY_REASON = "host.ssh.host-key";
    private static final java.time.format.DateTimeFormatter SINCE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private static String downSince(String host, HostHealthRepository.Health h, Lang lang) {
        return Messages.get(lang, "host.down-since", "name", host,
                "since", SINCE.format(h.since()),
                "reason", Messages.get(lang, h.reason()), "seconds", FAIL_FAST_FOR.toSeconds());
    }

    @Override
    public Optional<String> trouble(String host, Lang lang) {
        if (health == null || host.equals(LOCAL)) return Optional.empty();
        return health.of(host).filter(h -> !h.reachable()).map(h -> downSince(host, h, lang));
    }

    /**
     * Connects with a short timeout and asks the host's Docker for its version, recording the answer. A
     * host that answers again after being down gets a fresh bridge and is reconciled (creates that died
     * while it was away are settled). Empty when there is nothing to probe (not running, no key).
     */
    public Optional<Boolean> probe(String host) {
        HostRecord h = hosts.byName(host).orElse(null);
        if (h == null || !h.state().equals(VmState.RUNNING.id()) || h.address() == null || !keys.configured()
                || h.hostKey() == null) {
            return Optional.empty();
        }
        SshTarget target = new SshTarget(h.address(), h.sshPort(), h.sshUser(), SshPublicKey.parse(h.hostKey()));
        try (SshExec exec = SshExec.open(target, keys.privateKey(), PROBE_TIMEOUT)) {
            SshExec.ExecResult r = exec.run(List.of("docker", "version", "--format", "{{.Server.Version}}"),
                    PROBE_TIMEOUT, 400);
            if (r.timedOut() || r.exitCode() == null || r.exitCode() != 0) {
                health.record(host, false, r.timedOut() ? "host.ssh.timeout" : "host.docker-down", clock.instant());
                return Optional.of(false);
            }
        } catch (SshFailure e) {
            markDown(host, e);
            if (e instanceof HostKeyMismatchException) forget(host); // no pooled bridge may keep talking to it
            return Optional.of(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        boolean wasDown = markUp(host).map(before -> !before.reachable()).orElse(false);
        if (wasDown) {
            log.info("host {} answers again", host);
            forget(host);
            try {
                engine(host, Lang.EN); // a fresh bridge, and the reconciler on it
            } catch (RuntimeException e) {
                log.warn("host {} answered a probe but not a connection: {}", host, e.toString());
            }
        }
        return Optional.of(true);
    }

    /** Probes every running remote host; returns how many answered. */
    public int probeAll() {
        int up = 0;
        for (HostRecord h : hosts.all()) {
            if (probe(h.name()).orElse(false)) up++;
        }
        return up;
    }

    /** Records that the host answered; returns what was known before. */
    private Optional<HostHealthRepository.Health> markUp(String host) {
        return health == null ? Optional.empty() : health.record(host, true, "", clock.instant());
    }

    private void markDown(String host, SshFailure e) {
        if (health == null) return;
        String reason = e instanceof HostKeyMismatchException ? HOST_KEY_REASON
                : "host.ssh." + e.kind().name().toLowerCase().replace("host_key", "auth");
        health.record(host, false, reason, clock.instant());
    }

    private SshTarget target(HostRecord h, Lang lang) {
        if (!h.state().equals(VmState.RUNNING.id()) || h.address() == null) {
            throw new UserError(Messages.get(lang, "host.not-running", "name", h.name(),
                    "state", Messages.get(lang, "vm.state." + h.state())));
        }
        if (!keys.configured()) throw new UserError(Messages.get(lang, "host.no-bot-key"));
        return new SshTarget(h.address(), h.sshPort(), h.sshUser(), hostKey(h, lang));
    }

    /**
     * Reconciles a remote host now (the long-running process does it every few minutes for hosts holding an
     * unfinished create), unless it is known to be down: that one is reconciled when a probe finds it back.
     */
    public void reconcile(String host) {
        if (trouble(host, Lang.EN).isPresent()) return;
        boolean contacted = bridges.containsKey(host);
        DockerEngine engine;
        try {
            engine = engine(host, Lang.EN);   // a host reached for the first time is reconciled on contact
        } catch (RuntimeException e) {
            log.info("not reconciling host {}: {}", host, e.toString());
            return;
        }
        if (contacted) reconcile(host, engine);
    }

    /** Compares the host's records with its engine; labelled containers Labhand does not know are only reported. */
    private void reconcile(String host, DockerEngine engine) {
        if (reconcilers == null) return;
        try {
            reconcilers.apply(host, engine).run();
        } catch (RuntimeException e) {
            log.warn("could not reconcile host {} on first contact: {}", host, e.toString());
        }
    }

    /** The recorded host key; for a VM without one yet, the key its cloud reports, recorded now. */
    private SshPublicKey hostKey(HostRecord h, Lang lang) {
        if (h.hostKey() != null) return SshPublicKey.parse(h.hostKey());
        Optional<VmProvider> provider = h.isVm() ? providers.find(h.provider()) : Optional.empty();
        Optional<String> reported;
        try {
            reported = provider.isPresent() ? provider.get().hostKey(VmService.ref(h)) : Optional.empty();
        } catch (CloudFailure e) {
            log.warn("asking {} for the host key of {} failed: {}", h.provider(), h.name(), e.getMessage());
            reported = Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reported = Optional.empty();
        }
        if (reported.isEmpty()) throw new UserError(Messages.get(lang, "host.key-pending", "name", h.name()));
        SshPublicKey key = SshPublicKey.parse(reported.get());
        hosts.recordHostKey(h.name(), key.line());
        log.info("recorded the host key of {} from {}: {}", h.name(), h.provider(), key.fingerprint());
        // whatever is recorded now wins, should two first contacts race
        return SshPublicKey.parse(hosts.byName(h.name()).map(HostRecord::hostKey).orElse(key.line()));
    }

    private Bridge connect(String host, SshTarget target, Lang lang) {
        try {
            DockerOverSsh ssh = DockerOverSsh.open(target, keys.privateKey(), timeout);
            markUp(host);
            return new Bridge(host, target, ssh, timeout, new ConcurrentHashMap<>(), f -> markDown(host, f));
        } catch (SshFailure e) {
            markDown(host, e);
            throw refusal(host, e, lang);
        }
    }

    private static UserError refusal(String host, SshFailure e, Lang lang) {
        if (e instanceof HostKeyMismatchException m) {
            log.error("host key mismatch for {}: {}", host, e.getMessage());
            return UserError.beforeActing(Messages.get(lang, "host.key-mismatch", "name", host, "expected", m.expected(),
                    "presented", m.presented()), e);
        }
        log.warn("cannot reach host {}: {}", host, e.getMessage());
        return UserError.beforeActing(Messages.get(lang, "host.unreachable", "name", host,
                "reason", Messages.get(lang, "host.ssh." + e.kind().name().toLowerCase().replace("host_key", "auth"))), e);
    }

    @Override
    public Optional<String> sshDestination(String host) {
        if (host.equals(LOCAL)) return Optional.empty();
        return hosts.byName(host).filter(h -> h.address() != null)
                .map(h -> (h.sshPort() == 22 ? "" : "-p " + h.sshPort() + " ") + "<your-account>@" + h.address());
    }

    @Override
    public boolean gone(String host) {
        if (host.equals(LOCAL)) return false;
        return hosts.byName(host).map(h -> h.state().equals(VmState.DELETED.id())).orElse(true);
    }

    @Override
    public void forget(String host) {
        Bridge b = bridges.remove(host);
        if (b != null) close(host, b);
    }

    private static void close(String host, Bridge b) {
        for (DockerEngine engine : b.engines().values()) {
            try {
                engine.close();
            } catch (IOException e) {
                log.debug("closing the engine client of {}", host, e);
            }
        }
        b.ssh().close();
    }

    @Override
    public void close() {
        bridges.forEach(RemoteHosts::close);
        bridges.clear();
    }
}
