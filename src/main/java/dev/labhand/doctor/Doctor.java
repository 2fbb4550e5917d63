package dev.labhand.doctor;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import dev.labhand.i18n.Messages;
import dev.labhand.audit.AuditChain;
import dev.labhand.audit.AuditLog;
import dev.labhand.audit.AuditSeal;
import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Role;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.WorkspaceTemplate;
import dev.labhand.workspace.WorkspaceTemplates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code labhand doctor}: checks what the bot needs, one line each, and for every problem says what to
 * do in plain words. Problems make it exit non-zero; a missing GPU runtime is only a note.
 */
public final class Doctor {

    /** One check's result. {@code fatal} problems fail the run; notes do not. */
    public record Finding(boolean ok, boolean fatal, String text) {}

    private final Lang lang;
    private final Function<String, String> env;

    public Doctor(Lang lang, Function<String, String> env) {
        this.lang = lang;
        this.env = env;
    }

    public List<Finding> check(java.nio.file.Path configFile, java.nio.file.Path dbOverride) {
        List<Finding> out = new ArrayList<>();
        LabhandConfig config;
        try {
            // doctor runs where the bot's secrets may not be set (a cron job, a fresh machine): it needs only
            // the database and the locale; every other unset variable is a note, not a failure
            LabhandConfig.Partial loaded = LabhandConfig.loadOnly(configFile, env, LabhandConfig.STORE_KEYS);
            config = loaded.config();
            if (dbOverride != null) config = config.withDatabase(dbOverride);
            out.add(ok("doctor.config.ok", "source", config.source()));
            loaded.unresolved().forEach(u -> out.add(new Finding(false, false, Messages.get(lang,
                    "doctor.config.unresolved", "key", u.key(), "variable", u.variable()))));
        } catch (ConfigException e) {
            out.add(fatal("doctor.config.bad", "problem", e.getMessage()));
            return out;
        }
        WorkspaceTemplates templates = null;
        try {
            templates = WorkspaceTemplates.load(config.workspaces(), env);
            out.add(ok("doctor.templates.ok", "count", templates.names().size(), "names", String.join(", ", templates.names())));
        } catch (ConfigException e) {
            out.add(fatal("doctor.templates.bad", "problem", e.getMessage()));
        }
        try {
            var declared = dev.labhand.diag.ToolsetLoader.load(config.toolsDir().resolve("diagnostics"), env);
            out.add(ok("doctor.toolsets.ok", "count", declared.size()));
            var host = new dev.labhand.diag.HostRunner();
            declared.stream().filter(d -> d.where() == dev.labhand.diag.DeclaredTool.Where.HOST)
                    .flatMap(d -> d.requires().stream()).distinct().filter(p -> !host.has(p))
                    .forEach(p -> out.add(new Finding(false, false, Messages.get(lang, "doctor.toolsets.missing", "program", p))));
        } catch (ConfigException e) {
            out.add(fatal("doctor.toolsets.bad", "problem", e.getMessage()));
        }
        out.addAll(cloud(config));
        try (Database db = Database.open(config.database())) {
            new MemberRepository(db, Clock.systemUTC()).seen(new Caller("doctor", "doctor", Role.ADMIN, lang, "doctor"));
            out.add(ok("doctor.db.ok", "path", config.database(), "mode", db.journalMode()));
            out.addAll(audit(config, db));
            out.addAll(hosts(config, db));
        } catch (RuntimeException e) {
            out.add(fatal("doctor.db.bad", "path", config.database(), "problem", firstLine(e.getMessage())));
        }
        out.addAll(discord(config));
        try (DockerEngine docker = new DockerEngine(config.docker().host(), config.docker().timeout())) {
            DockerEngine.EngineInfo info = docker.info();
            out.add(ok("doctor.docker.ok", "host", config.docker().host(), "version", info.version(), "api", info.apiVersion()));
            out.add(info.nvidiaRuntime()
                    ? ok("doctor.gpu.ok", "runtimes", String.join(", ", info.runtimes()))
                    : new Finding(false, false, Messages.get(lang, "doctor.gpu.none", "runtimes", String.join(", ", info.runtimes()))));
            if (templates != null) {
                for (WorkspaceTemplate t : templates.all()) {
                    if (!docker.hasImage(t.image())) {
                        out.add(new Finding(false, false, Messages.get(lang, "doctor.image.missing", "template", t.name(), "image", t.image())));
                    }
                }
            }
        } catch (Exception e) {
            out.add(fatal("doctor.docker.bad", "host", config.docker().host()));
        }
        return out;
    }

    /**
     * The audit log: its public key (to pin, and to check checkpoints with elsewhere), whether the chain and
     * the checkpoints hold, and calls a crash interrupted.
     */
    private List<Finding> audit(LabhandConfig config, Database db) {
        List<Finding> out = new ArrayList<>();
        KeyFolder keys = new KeyFolder(config.keysDir());
        AuditLog log = AuditLog.forVerifying(db, keys, config.checkpointFile());
        AuditSeal seal = log.sealOrNull();
        out.add(seal == null
                ? new Finding(false, false, Messages.get(lang, "doctor.audit.nokey", "dir", keys.dir()))
                : ok("doctor.audit.key", "fingerprint", seal.fingerprint(), "dir", keys.dir(),
                        "file", config.checkpointFile()));
        AuditChain.Verdict v = log.verify();
        out.add(v.ok() ? ok("doctor.audit.ok", "rows", v.rows(), "sealed", v.sealedRows())
                : fatal("doctor.audit.tampered", "reason", v.reason()));
        if (v.interrupted() > 0) {
            out.add(new Finding(false, false, Messages.get(lang, "doctor.audit.interrupted", "count", v.interrupted())));
        }
        return out;
    }

    /**
     * What the bot registered with Discord when it last started, and every command left out or refused with the
     * reason (Discord's own words); notes, never fatal: the bot runs without them. Nothing when it never ran here.
     */
    private List<Finding> discord(LabhandConfig config) {
        List<Finding> out = new ArrayList<>();
        try {
            dev.labhand.discord.RegistrationReport.read(config.database()).ifPresent(report -> {
                for (var scope : report.scopes()) {
                    if (scope.error() == null) {
                        out.add(new Finding(scope.refused().isEmpty(), false, Messages.get(lang, "doctor.discord.registered",
                                "scope", scope.scope(), "count", scope.registered().size(), "at", report.at(),
                                "commands", String.join(" ", scope.registered()))));
                    } else {
                        out.add(new Finding(false, false, Messages.get(lang, "doctor.discord.failed",
                                "scope", scope.scope(), "at", report.at(), "problem", scope.error())));
                    }
                    for (var refused : scope.refused()) {
                        out.add(new Finding(false, false, Messages.get(lang, "doctor.discord.refused",
                                "scope", scope.scope(), "command", refused.command(), "reason", refused.reason())));
                    }
                }
            });
        } catch (RuntimeException e) {
            out.add(new Finding(false, false, Messages.get(lang, "doctor.discord.unreadable", "problem", firstLine(e.getMessage()))));
        }
        return out;
    }

    /** The cloud tables and cloud-init must load; a missing SSH key or cloud account is only a note. */
    private List<Finding> cloud(LabhandConfig config) {
        List<Finding> out = new ArrayList<>();
        try {
            var clouds = dev.labhand.vm.CloudCatalog.load(config.vm().clouds(), env);
            dev.labhand.vm.CloudInit.load(config.toolsDir());
            out.add(ok("doctor.clouds.ok", "providers", String.join(", ", clouds.providers())));
        } catch (ConfigException e) {
            out.add(fatal("doctor.clouds.bad", "problem", e.getMessage()));
        }
        var keys = dev.labhand.vm.VmKeys.load(config.vm().sshKey());
        out.add(keys.configured() ? ok("doctor.sshkey.ok", "fingerprint", keys.publicKey().orElseThrow().fingerprint())
                : new Finding(false, false, Messages.get(lang, "doctor.sshkey.none")));
        if (config.vm().azureSubscription().isBlank()) out.add(new Finding(false, false, Messages.get(lang, "doctor.azure.none")));
        return out;
    }

    /** Each registered host's engine and GPU runtime, reached the way workspaces reach it; notes, never fatal. */
    private List<Finding> hosts(LabhandConfig config, Database db) {
        var repo = new dev.labhand.store.HostRepository(db, Clock.systemUTC());
        List<Finding> out = new ArrayList<>();
        if (repo.all().isEmpty()) return out;
        try (DockerEngine local = new DockerEngine(config.docker().host(), config.docker().timeout());
             var remote = new dev.labhand.vm.RemoteHosts(local, repo, dev.labhand.vm.VmProviders.fromConfig(config.vm()),
                     dev.labhand.vm.VmKeys.load(config.vm().sshKey()), config.docker().timeout(),
                     null, new dev.labhand.store.HostHealthRepository(db), Clock.systemUTC())) {
            var health = new dev.labhand.vm.HostHealth(remote);
            for (var h : repo.all()) {
                var found = health.check(h.name(), lang);
                out.add(new Finding(found.reachable() && found.gpu(), false,
                        Messages.get(lang, "doctor.host.ok", "name", h.name(), "health", found.text())));
            }
        } catch (java.io.IOException e) {
            // closing the local engine client on the way out
        }
        return out;
    }

    private Finding ok(String key, Object... pairs) {
        return new Finding(true, false, Messages.get(lang, key, pairs));
    }

    private Finding fatal(String key, Object... pairs) {
        return new Finding(false, true, Messages.get(lang, key, pairs));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
