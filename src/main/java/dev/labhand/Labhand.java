package dev.labhand;

import dev.labhand.audit.AuditChain;
import dev.labhand.audit.AuditLog;
import dev.labhand.audit.AuditReport;
import dev.labhand.audit.AuditRow;
import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import dev.labhand.console.ConsoleFrontEnd;
import dev.labhand.discord.DiscordBot;
import dev.labhand.doctor.Doctor;
import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Role;
import dev.labhand.workspace.Reconciler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The entry point: {@code labhand console | doctor | audit verify | audit list}. */
@Command(name = "labhand", mixinStandardHelpOptions = true, version = "labhand 0.1.0",
        description = "Discord ops bot for the course \"Practical Docker for data professionals\".",
        subcommands = {Labhand.ConsoleCommand.class, Labhand.DiscordCommand.class, Labhand.DoctorCommand.class,
                Labhand.AuditCommand.class, Labhand.RouterEvalCommand.class})
public final class Labhand {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Labhand())
                .setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("labhand: " + (e instanceof ConfigException ? e.getMessage() : e.toString()));
                    return 2;
                })
                .execute(args);
    }

    /** Options every command shares. */
    static class Common {
        @Option(names = "--config", description = "configuration file (default: config/labhand.yaml if present)")
        Path config;

        @Option(names = "--db", description = "SQLite file (default: from the configuration, ~/.labhand/labhand.db)")
        Path db;

        LabhandConfig load() {
            LabhandConfig c = LabhandConfig.load(config, System::getenv);
            return db == null ? c : c.withDatabase(db);
        }

        /** For commands that need only the database: other sections' unset ${VAR}s do not matter. */
        LabhandConfig loadForStore() {
            LabhandConfig c = LabhandConfig.loadOnly(config, System::getenv, LabhandConfig.STORE_KEYS).config();
            return db == null ? c : c.withDatabase(db);
        }

        /** The database to read, or null (said on stderr) when there is none: reading must not create one. */
        Path existingDatabase(LabhandConfig c) {
            if (java.nio.file.Files.isRegularFile(c.database())) return c.database();
            System.err.println("labhand: " + dev.labhand.i18n.Messages.get(Caller.Lang.parse(c.defaultLocale()),
                    "cli.audit.no-database", "path", c.database()));
            return null;
        }
    }

    @Command(name = "console", description = "Read slash commands from stdin (a terminal or a pipe) and answer.")
    static final class ConsoleCommand extends Common implements Callable<Integer> {
        @Option(names = "--as", description = "who you are (default: $USER)")
        String as = System.getProperty("user.name", "me");

        @Option(names = "--role", description = "learner, instructor or admin (default: learner)")
        String role = "learner";

        @Option(names = "--lang", description = "ko or en (default: from the configuration)")
        String lang;

        @Override
        public Integer call() throws Exception {
            LabhandConfig config = load();
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                System.err.println("labhand: --role must be learner, instructor or admin, not '" + role + "'");
                return 2;
            }
            Caller caller = new Caller(as, as, r, Caller.Lang.parse(lang == null ? config.defaultLocale() : lang), "console");
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            try (Wiring app = new Wiring(config, System::getenv, Clock.systemUTC())) {
                reconcile(app);
                app.notices.deliverWith((member, text) -> out.println("  ! [" + member + "] " + text));
                app.startBackgroundWork();
                new ConsoleFrontEnd(app.chat, caller, out, System.console() != null,
                        config.database().toAbsolutePath().resolveSibling("files"))
                        .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
            return 0;
        }

        static void reconcile(Wiring app) {
            try {
                Reconciler.Report report = app.reconciler.run();
                if (report.skipped()) {
                    System.err.println("labhand: another Labhand process is reconciling the engine right now; skipped");
                } else if (!report.quiet()) {
                    System.err.println("labhand: reconciled with the engine: " + report);
                }
            } catch (RuntimeException e) {
                System.err.println("labhand: the Docker engine at " + app.config.docker().host()
                        + " is not reachable; workspace commands will fail. Run 'labhand doctor'.");
            }
            try {
                var interrupted = app.resolveInterruptedCalls();
                if (!interrupted.isEmpty()) {
                    System.err.println("labhand: " + interrupted.size() + " calls were interrupted by a stop and are "
                            + "recorded as such in the audit log (labhand audit list)");
                }
            } catch (RuntimeException e) {
                System.err.println("labhand: could not check the audit log for interrupted calls: " + e.getMessage());
            }
        }
    }

    @Command(name = "discord", description = "Run the Discord bot (token from DISCORD_TOKEN or the configuration).")
    static final class DiscordCommand extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            LabhandConfig config = load();
            String token = config.discord().token().isBlank() ? System.getenv("DISCORD_TOKEN") : config.discord().token();
            if (token == null || token.isBlank()) {
                System.err.println("labhand: no Discord bot token. Set DISCORD_TOKEN (see README, 'Running it for a real course').");
                return 2;
            }
            Wiring app = new Wiring(config, System::getenv, Clock.systemUTC());
            ConsoleCommand.reconcile(app);
            DiscordBot bot = DiscordBot.start(config, token, app.chat, app.suggestions, app.members, Clock.systemUTC(),
                    DiscordBot.TOKEN_LIFE);
            // members who leave the guild or lose the course role lose their host accounts (see accounts: in config)
            app.accounts.useRoster(bot.offboardWith(app.accounts.offboarding(), config));
            // SIGTERM / SIGINT: stop taking work, finish and deliver what runs, close JDA, then the rest; exit 0.
            // The hook covers any other way the JVM ends (System.exit elsewhere, SIGHUP).
            java.util.concurrent.CountDownLatch stop = dev.labhand.util.StopSignals.install();
            java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable closeAll = () -> {
                if (!closed.compareAndSet(false, true)) return;
                bot.close();
                app.close();
            };
            Runtime.getRuntime().addShutdownHook(new Thread(closeAll, "labhand-shutdown"));
            app.notices.deliverWith(bot::directMessage, bot::directMessage);
            bot.timeAcknowledgements(app.operations.metrics()::discordAck);
            app.operations.watchDiscord(bot::connected);
            if (!config.desk().staffChannel().isEmpty()) app.desk.postToStaffWith(new dev.labhand.discord.StaffChannel(bot,
                    config.desk().staffChannel(), Caller.Lang.parse(config.defaultLocale()))::post);
            app.desk.postAnswersWith(bot::postForumAnswer);
            app.startBackgroundWork();
            System.err.println("labhand: connected to Discord as " + bot.jda().getSelfUser().getName());
            stop.await();
            System.err.println("labhand: stopping: new interactions are answered \"restarting\"; running tools finish first");
            closeAll.run();
            System.err.println("labhand: stopped");
            return 0;
        }
    }

    @Command(name = "doctor", description = "Check Docker, the GPU runtime, the configuration and the database.")
    static final class DoctorCommand extends Common implements Callable<Integer> {
        @Option(names = "--lang", description = "ko or en")
        String lang;

        @Override
        public Integer call() {
            String l = lang;
            if (l == null) {
                try {
                    l = LabhandConfig.loadOnly(config, System::getenv, LabhandConfig.STORE_KEYS).config().defaultLocale();
                } catch (ConfigException e) {
                    l = "en";
                }
            }
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            boolean failed = false;
            for (Doctor.Finding f : new Doctor(Caller.Lang.parse(l), System::getenv).check(config, db)) {
                out.println((f.ok() ? "[ok]   " : f.fatal() ? "[FAIL] " : "[note] ") + f.text());
                failed |= f.fatal();
            }
            return failed ? 1 : 0;
        }
    }

    @Command(name = "router-eval", description = "Score the offline router on its labelled train, dev and test "
            + "splits (intent and arguments, per language, per intent), the threshold chosen on dev, latency and start-up cost.")
    static final class RouterEvalCommand implements Callable<Integer> {
        @Option(names = "--tools", description = "tools folder (default: tools)")
        Path tools = Path.of("tools");

        @Option(names = "--templates", description = "templates folder (default: config/templates)")
        Path templates = Path.of("config", "templates");

        @Option(names = "--misses", description = "also list every sentence of dev and test routed wrong")
        boolean misses;

        @Option(names = "--cv", description = "5-fold cross-validation on train by phrasing family instead")
        boolean cv;

        @Option(names = "--no-test", description = "score train and dev only (while tuning: test is scored once, at the end)")
        boolean noTest;

        @Override
        public Integer call() {
            if (cv) {
                System.out.print(dev.labhand.agent.router.RouterEvaluation.crossValidation(tools, templates, 5));
                return 0;
            }
            System.out.print(dev.labhand.agent.router.RouterEvaluation.report(tools, templates, misses,
                    noTest ? java.util.List.of("train", "dev") : java.util.List.of("train", "dev", "test")));
            return 0;
        }
    }

    @Command(name = "audit", description = "Inspect the audit log.",
            subcommands = {AuditVerify.class, AuditList.class})
    static final class AuditCommand {
    }

    @Command(name = "verify", description = "Check the hash chain and the signed checkpoints; exit 1 naming "
            + "what was done to the log (edited, inserted, deleted, reordered, recomputed, truncated, wiped).")
    static final class AuditVerify extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            LabhandConfig config = loadForStore();
            Path path = existingDatabase(config);
            if (path == null) return 2;
            try (Database database = Database.open(path)) {
                KeyFolder keys = new KeyFolder(config.keysDir());
                AuditLog log = AuditLog.forVerifying(database, keys, config.checkpointFile());
                AuditChain.Verdict v = log.verify();
                PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                AuditReport.print(v, log.sealOrNull(), keys, config.checkpointFile(), out);
                return v.ok() ? 0 : 1;
            }
        }
    }

    @Command(name = "list", description = "Newest audit rows first.")
    static final class AuditList extends Common implements Callable<Integer> {
        @Option(names = "--limit", description = "how many rows (default 20)")
        int limit = 20;

        @Option(names = "--caller", description = "only this member's calls")
        String caller;

        @Option(names = "--tool", description = "only this tool's calls")
        String tool;

        @Override
        public Integer call() {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            Path path = existingDatabase(loadForStore());
            if (path == null) return 2;
            try (Database database = Database.open(path)) {
                for (AuditRow r : new AuditLog(database).list(caller, tool, Math.max(1, Math.min(limit, 10_000)))) {
                    out.printf("%6d %s %-10s %-10s %-8s %-18s %-8s %s%s%n", r.id(), r.time(), r.callerId(), r.role(),
                            r.origin(), r.tool(), r.outcome(), r.args(),
                            r.detail().isEmpty() ? "" : "  " + r.detail());
                }
            }
            return 0;
        }
    }
}
