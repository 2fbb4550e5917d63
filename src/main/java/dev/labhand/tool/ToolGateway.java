package dev.labhand.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.PendingConfirmations.Pending;
import dev.labhand.util.Failpoints;
import dev.labhand.util.ProcessIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to every tool. For each call, in this order: resolve the tool, validate the arguments,
 * check role and ownership, the cooldown and the tool's own checks, require a confirmation for risky tools;
 * then, for a call that will act, write its audit row ahead (if that fails, nothing runs), run with a
 * timeout, and write its outcome. A call that never acts gets one row. Front ends (console, Discord, the
 * language layer) never call a tool directly.
 */
public final class ToolGateway {
    private static final Logger log = LoggerFactory.getLogger(ToolGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final ToolCatalog catalog;
    private final ResourceOwners owners;
    private final PendingConfirmations confirmations;
    private final AuditSink audit;
    private final ExecutorService executor;
    private final Clock clock;
    private final Duration confirmationTtl;
    private final Duration cooldown;
    private final Cooldowns cooldowns;
    private final SecureRandom random = new SecureRandom();
    private volatile CallPolicy policy = CallPolicy.NONE;
    private volatile CallObserver observer = CallObserver.NONE;

    /** With cooldowns kept in this process only (tests, benchmarks). */
    public ToolGateway(ToolCatalog catalog, ResourceOwners owners, PendingConfirmations confirmations,
                       AuditSink audit, ExecutorService executor, Clock clock, Duration confirmationTtl,
                       Duration cooldown) {
        this(catalog, owners, confirmations, audit, executor, clock, confirmationTtl, cooldown, Cooldowns.inMemory());
    }

    public ToolGateway(ToolCatalog catalog, ResourceOwners owners, PendingConfirmations confirmations,
                       AuditSink audit, ExecutorService executor, Clock clock, Duration confirmationTtl,
                       Duration cooldown, Cooldowns cooldowns) {
        this.cooldowns = cooldowns;
        this.catalog = catalog;
        this.owners = owners;
        this.confirmations = confirmations;
        this.audit = audit;
        this.executor = executor;
        this.clock = clock;
        this.confirmationTtl = confirmationTtl;
        this.cooldown = cooldown;
        // last, once every field is set: tools made of other tools' calls make them through this gateway
        catalog.all().forEach(t -> {
            if (t instanceof CallsTools composite) composite.useGateway(this);
        });
    }

    public ToolCatalog catalog() {
        return catalog;
    }

    /** The policy step (budgets): asked for every call after role and ownership. */
    public void usePolicy(CallPolicy next) {
        this.policy = next;
    }

    /** Who is told of every call's outcome and duration (metrics). */
    public void observeCalls(CallObserver next) {
        this.observer = next;
    }

    public Outcome invoke(Caller caller, String tool, Map<String, String> args, Origin origin) {
        return invoke(caller, tool, args, origin, Progress.NONE);
    }

    public Outcome invoke(Caller caller, String tool, Map<String, String> args, Origin origin, Progress progress) {
        return call(caller, tool, args, origin, null, progress);
    }

    /** Runs a risky tool with the confirmation code the caller was given for exactly these arguments. */
    public Outcome invokeConfirmed(Caller caller, String tool, Map<String, String> args, Origin origin,
                                   String code, Progress progress) {
        return call(caller, tool, args, origin, code, progress);
    }

    /** The caller gives back a code: run what it was issued for, once. */
    public Outcome confirm(Caller caller, String code, Origin origin, Progress progress) {
        String normalised = normaliseCode(code);
        Optional<Pending> pending = confirmations.find(normalised);
        if (pending.isEmpty() || !pending.get().callerId().equals(caller.id())) {
            // Someone else's code is answered like an unknown one: codes are not for sharing.
            Outcome o = new Outcome.Invalid(Messages.get(caller.locale(), "confirm.unknown", "code", clipCode(code)));
            write(caller, "confirm", "{}", origin, o, null, System.nanoTime());
            return o;
        }
        Pending p = pending.get();
        Outcome early = p.used() ? new Outcome.Invalid(Messages.get(caller.locale(), "confirm.used", "code", normalised))
                : !clock.instant().isBefore(p.expiresAt())
                ? new Outcome.Invalid(Messages.get(caller.locale(), "confirm.expired", "code", normalised)) : null;
        if (early != null) {
            write(caller, p.tool(), "{}", origin, early, normalised, System.nanoTime());
            return early;
        }
        return call(caller, p.tool(), p.args(), origin, normalised, progress);
    }

    /** Who may answer a confirmation code, and for which tool: lets a front end refuse others early. */
    public Optional<Pending> pending(String code) {
        return confirmations.find(normaliseCode(code));
    }

    /** The caller withdraws a pending confirmation. */
    public Outcome cancel(Caller caller, String code, Origin origin) {
        long start = System.nanoTime();
        String normalised = normaliseCode(code);
        Optional<Pending> pending = confirmations.find(normalised);
        Outcome o;
        if (pending.isEmpty() || !pending.get().callerId().equals(caller.id())) {
            o = new Outcome.Invalid(Messages.get(caller.locale(), "confirm.unknown", "code", clipCode(code)));
        } else if (!confirmations.claim(normalised, clock.instant())) {
            o = new Outcome.Invalid(Messages.get(caller.locale(), "confirm.used", "code", normalised));
        } else {
            o = Outcome.Done.of(Messages.get(caller.locale(), "confirm.cancelled", "code", normalised), null);
        }
        write(caller, "cancel", "{}", origin, o, null, start);
        return o;
    }

    private Outcome call(Caller caller, String toolName, Map<String, String> rawArgs, Origin origin,
                         String code, Progress progress) {
        long start = System.nanoTime();
        Outcome o = decide(caller, toolName, rawArgs, origin, code, progress, start);
        try {
            observer.called(catalog.find(toolName).isPresent() ? toolName : "unknown", o.kind(), System.nanoTime() - start);
        } catch (RuntimeException e) {
            log.warn("call observer failed: {}", e.toString());
        }
        return o;
    }

    private Outcome decide(Caller caller, String toolName, Map<String, String> rawArgs, Origin origin,
                           String code, Progress progress, long start) {
        Lang lang = caller.locale();
        Optional<Tool> found = catalog.find(toolName);
        if (found.isEmpty()) {
            // people are shown commands as they type them (/workspace create); a model its dotted tool names
            boolean person = origin != Origin.LLM && origin != Origin.SYSTEM;
            String typed = person ? "/" + ArgsValidator.clip(toolName).replaceFirst("\\.", " ") : ArgsValidator.clip(toolName);
            Outcome o = new Outcome.Invalid(Messages.get(lang, "tool.unknown", "tool", typed,
                    "near", String.join(", ", person ? catalog.nearCommands(toolName) : catalog.nearNames(toolName))));
            write(caller, ArgsValidator.clip(toolName), rawJson(rawArgs), origin, o, code, start);
            return o;
        }
        Tool tool = found.get();
        ToolSpec spec = tool.spec();
        if (rawArgs.values().stream().anyMatch(Redactor::holdsPrivateKey)) {
            // a private key pasted by mistake (for a public one): refused in any argument, never stored or shown;
            // the row keeps only the masked arguments
            Outcome o = new Outcome.Invalid(Messages.get(lang, "arg.private-key"));
            write(caller, spec.name(), rawJson(rawArgs), origin, o, code, start);
            return o;
        }
        ArgsValidator.Result validated = ArgsValidator.validate(spec, rawArgs, lang);
        if (validated.args() == null) {
            Outcome o = new Outcome.Invalid(validated.problem());
            write(caller, spec.name(), rawJson(rawArgs), origin, o, code, start);
            return o;
        }
        Args args = validated.args();
        String argsJson = redactedJson(spec, args);
        Outcome outcome = authorise(caller, spec, args);
        if (outcome == null) outcome = policy.admit(caller, tool, args); // step 4: quotas and budgets
        if (outcome == null && code == null) outcome = coolingDown(caller, spec);
        if (outcome == null) outcome = tool.check(caller, args);
        boolean confirming = outcome == null && tool.risk(args).needsConfirmation();
        if (confirming) {
            outcome = code == null ? ask(caller, tool, args) : checkConfirmation(caller, spec, args, code);
        }
        if (outcome != null) {
            write(caller, spec.name(), argsJson, origin, outcome, code, start);
            return outcome;
        }
        return act(caller, tool, args, argsJson, origin, confirming ? code : null, progress, start);
    }

    /**
     * A call that passed every check: its row is written before anything happens, the code (if any) and the
     * cooldown are taken, the tool runs, and its outcome is written as a second row pointing at the first.
     */
    private Outcome act(Caller caller, Tool tool, Args args, String argsJson, Origin origin, String code,
                        Progress progress, long start) {
        ToolSpec spec = tool.spec();
        long started;
        try {
            // the row names this process, so a crash is recognised as soon as the process is gone
            started = audit.begin(entry(caller, spec.name(), argsJson, origin, "started", ProcessIdentity.current(), code, 0));
            Failpoints.hit("call.after-audit");
        } catch (RuntimeException e) {
            String id = errorId();
            log.error("[{}] audit row for {} by {} could not be written; the call did not run", id, spec.name(),
                    caller.id(), e);
            return new Outcome.Failed(Messages.get(caller.locale(), "failed.audit", "id", id), id);
        }
        Outcome outcome = null;
        if (code != null && !confirmations.claim(normaliseCode(code), clock.instant())) {
            outcome = new Outcome.Invalid(Messages.get(caller.locale(), "confirm.used", "code", normaliseCode(code)));
        } else if (rateLimits(caller, spec) && !cooldowns.claim(caller.id(), spec.name(), clock.instant(), cooldown)) {
            outcome = coolingDown(caller, spec); // another process of this member's took the run first
            if (outcome == null) outcome = new Outcome.Denied(Messages.get(caller.locale(), "denied.cooldown",
                    "tool", spec.name(), "seconds", Math.max(1, cooldown.toSeconds())));
        }
        Failpoints.hit("call.after-claim");
        if (outcome == null) {
            Ran ran = runWithTimeout(tool, new Invocation(caller, args, origin, progress));
            outcome = ran.outcome();
            if (ran.nothingDone() && code != null) {
                // it failed before changing anything: the member may confirm again once the cause is gone
                confirmations.release(normaliseCode(code));
                outcome = new Outcome.Failed(((Outcome.Failed) outcome).text() + "\n" + Messages.get(caller.locale(),
                        "confirm.still-valid", "code", normaliseCode(code)), ((Outcome.Failed) outcome).errorId());
            }
        }
        Failpoints.hit("call.before-outcome");
        try {
            audit.complete(started, entry(caller, spec.name(), argsJson, origin, outcome.kind(), detail(outcome),
                    code, (System.nanoTime() - start) / 1000));
        } catch (RuntimeException e) {
            // the call happened and its started row stands; the reconciler records it as interrupted
            log.error("outcome row for {} by {} (started row {}) could not be written", spec.name(), caller.id(),
                    started, e);
        }
        return outcome;
    }

    private boolean rateLimits(Caller caller, ToolSpec spec) {
        return spec.rateLimited() && !cooldown.isZero() && caller.role() == Role.LEARNER;
    }

    private Outcome authorise(Caller caller, ToolSpec spec, Args args) {
        Lang lang = caller.locale();
        if (!caller.role().atLeast(spec.minRole())) {
            return new Outcome.Denied(Messages.get(lang, "denied.role", "tool", spec.name(),
                    "role", Messages.get(lang, "role." + spec.minRole().id())));
        }
        for (Param p : spec.params()) {
            String value = args.get(p.name());
            if (p.ref() == Param.Ref.NONE || value == null) continue;
            Optional<String> owner = owners.ownerOf(p.ref(), value);
            if (owner.isEmpty()) {
                return new Outcome.Invalid(Messages.get(lang, "ref.missing." + p.ref().name().toLowerCase(), "name", value));
            }
            if (!owners.mayUse(caller, p.ref(), value, owner.get())) {
                return new Outcome.Denied(Messages.get(lang, "denied.owner." + p.ref().name().toLowerCase(), "name", value));
            }
        }
        return null;
    }

    /** Expensive tools may run once per member per cooldown; instructors and admins are not limited. */
    private Outcome coolingDown(Caller caller, ToolSpec spec) {
        if (!rateLimits(caller, spec)) return null;
        Duration left = cooldowns.remaining(caller.id(), spec.name(), clock.instant(), cooldown);
        if (left.isNegative() || left.isZero()) return null;
        return new Outcome.Denied(Messages.get(caller.locale(), "denied.cooldown", "tool", spec.name(),
                "seconds", Math.max(1, (left.toMillis() + 999) / 1000)));
    }

    private Outcome ask(Caller caller, Tool tool, Args args) {
        ToolSpec spec = tool.spec();
        Instant expires = clock.instant().plus(confirmationTtl);
        String code = newCode();
        confirmations.save(new Pending(code, caller.id(), spec.name(), args.values(), hash(spec.name(), args),
                resourceIds(spec, args), expires, false));
        String key = tool.risk(args) == Risk.COSTLY ? "confirm.ask.costly" : "confirm.ask";
        String text = Messages.get(caller.locale(), key, "tool", spec.name(), "args", describe(args),
                "what", tool.description(caller.locale()),
                "code", code, "minutes", confirmationTtl.toMinutes());
        String detail = tool.confirmationDetail(caller, args);
        if (detail != null) text = detail + "\n" + text;
        return new Outcome.NeedsConfirmation(code, spec.name(), args.values(), expires, text);
    }

    private Outcome checkConfirmation(Caller caller, ToolSpec spec, Args args, String code) {
        Lang lang = caller.locale();
        Optional<Pending> found = confirmations.find(code);
        if (found.isEmpty() || !found.get().callerId().equals(caller.id())) {
            return new Outcome.Invalid(Messages.get(lang, "confirm.unknown", "code", clipCode(code)));
        }
        Pending p = found.get();
        if (!p.tool().equals(spec.name()) || !p.argsHash().equals(hash(spec.name(), args))) {
            return new Outcome.Denied(Messages.get(lang, "confirm.mismatch", "code", code));
        }
        if (p.used()) {
            return new Outcome.Invalid(Messages.get(lang, "confirm.used", "code", code));
        }
        if (!clock.instant().isBefore(p.expiresAt())) {
            return new Outcome.Invalid(Messages.get(lang, "confirm.expired", "code", code));
        }
        Map<String, String> now = resourceIds(spec, args);
        for (Map.Entry<String, String> was : p.resources().entrySet()) {
            if (!was.getValue().equals(now.get(was.getKey()))) {
                // the code was for the resource as it was; a namesake made since is another resource
                return new Outcome.Denied(Messages.get(lang, "confirm.resource-changed", "code", code,
                        "name", args.get(was.getKey())));
            }
        }
        return null; // the code is claimed once the call's audit row is written
    }

    /** The id of every resource the arguments name, so a confirmation is bound to those very resources. */
    private Map<String, String> resourceIds(ToolSpec spec, Args args) {
        Map<String, String> ids = new TreeMap<>();
        for (Param p : spec.params()) {
            String value = args.get(p.name());
            if (p.ref() == Param.Ref.NONE || p.ref() == Param.Ref.MEMBER || value == null) continue;
            owners.idOf(p.ref(), value).ifPresent(id -> ids.put(p.name(), id));
        }
        return ids;
    }

    /** What running a tool gave, and whether it failed before changing anything. */
    private record Ran(Outcome outcome, boolean nothingDone) {
        Ran(Outcome outcome) {
            this(outcome, false);
        }
    }

    private Ran runWithTimeout(Tool tool, Invocation call) {
        Lang lang = call.lang();
        Future<Outcome> future = executor.submit(() -> tool.run(call));
        try {
            Outcome o = future.get(tool.spec().timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (o == null) throw new IllegalStateException(tool.spec().name() + " returned no outcome");
            return new Ran(o);
        } catch (TimeoutException e) {
            future.cancel(true);
            String id = errorId();
            log.warn("[{}] {} timed out after {}", id, tool.spec().name(), tool.spec().timeout());
            return new Ran(new Outcome.Failed(Messages.get(lang, "failed.timeout", "tool", tool.spec().name(),
                    "seconds", tool.spec().timeout().toSeconds(), "id", id), id));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            String id = errorId();
            return new Ran(new Outcome.Failed(Messages.get(lang, "failed.internal", "id", id), id));
        } catch (ExecutionException e) {
            String id = errorId();
            Throwable cause = e.getCause();
            if (cause instanceof RetryLater) {
                log.warn("[{}] {}: {}", id, tool.spec().name(), cause.getMessage());
                return new Ran(new Outcome.Failed(Messages.get(lang, "failed.busy", "id", id), id));
            }
            if (cause instanceof UserError ue) {
                log.info("[{}] {} failed: {}", id, tool.spec().name(), Redactor.redact(ue.getMessage()),
                        ue.getCause());
                return new Ran(new Outcome.Failed(ue.getMessage() + " (" + id + ")", id), ue.nothingDone());
            }
            log.error("[{}] {} failed", id, tool.spec().name(), cause);
            return new Ran(new Outcome.Failed(Messages.get(lang, "failed.internal", "id", id), id));
        }
    }

    /** The one row of a call that did not act. */
    private void write(Caller caller, String tool, String argsJson, Origin origin, Outcome o, String code, long start) {
        try {
            audit.record(entry(caller, tool, argsJson, origin, o.kind(), detail(o), code, (System.nanoTime() - start) / 1000));
        } catch (RuntimeException e) {
            // nothing was done, so nothing goes unaudited; the refusal itself is in the log file
            log.error("audit write failed for {} by {} ({})", tool, caller.id(), o.kind(), e);
        }
    }

    private AuditSink.Entry entry(Caller caller, String tool, String argsJson, Origin origin, String outcome,
                                  String detail, String code, long micros) {
        return new AuditSink.Entry(clock.instant(), caller.id(), caller.role().id(), origin.name().toLowerCase(), tool,
                argsJson, outcome, detail, code == null ? null : normaliseCode(code), micros);
    }

    private static String detail(Outcome o) {
        if (o instanceof Outcome.Failed f) return f.errorId();
        if (o instanceof Outcome.NeedsConfirmation n) return n.code();
        if (o instanceof Outcome.Denied d) return Redactor.redact(ArgsValidator.clip(d.text(), 160));
        if (o instanceof Outcome.Invalid i) return Redactor.redact(ArgsValidator.clip(i.text(), 160));
        return "";
    }

    static String hash(String tool, Args args) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(tool.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(JSON.writeValueAsBytes(args.values()));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String redactedJson(ToolSpec spec, Args args) {
        Map<String, String> shown = new TreeMap<>();
        args.values().forEach((k, v) -> shown.put(k,
                spec.param(k).map(Param::secret).orElse(true) ? Redactor.MASK : Redactor.redact(v)));
        return toJson(shown);
    }

    private static String rawJson(Map<String, String> raw) {
        Map<String, String> shown = new TreeMap<>();
        raw.forEach((k, v) -> shown.put(ArgsValidator.clip(k), Redactor.redact(v == null ? "" : ArgsValidator.clip(v))));
        return toJson(shown);
    }

    private static String toJson(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Args args) {
        Map<String, String> shown = new LinkedHashMap<>(args.values());
        return shown.isEmpty() ? "-" : String.join(" ", shown.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).toList());
    }

    private String newCode() {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) c[i] = CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)];
        return new String(c);
    }

    private String errorId() {
        return "E" + Long.toString(random.nextLong() & 0xffffffffL, 36).toUpperCase();
    }

    private static String normaliseCode(String code) {
        return code == null ? "" : code.strip().toUpperCase();
    }

    private static String clipCode(String code) {
        return ArgsValidator.clip(code == null ? "" : code.strip());
    }
}
