package dev.labhand.support;

import dev.labhand.audit.AuditLog;
import dev.labhand.audit.AuditRow;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.workspace.DockerEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fault scenarios against real Labhand processes on one database and the real Docker engine: many
 * processes at once, a kill at a named point of create and remove, the engine away, the database held
 * by another process. Each returns one {@link Result} row; the tests assert small runs of them and
 * {@code scripts/chaos.sh} prints a table of larger ones.
 */
public final class Chaos {
    /** What a scenario did and left. */
    public record Result(String scenario, int calls, int successes, int refusals, int internalErrors,
                         long auditOutcomes, long auditUnfinished, int orphans, int stuck, String verify) {

        public boolean clean() {
            return internalErrors == 0 && auditOutcomes == calls && auditUnfinished == 0 && orphans == 0 && stuck == 0
                    && verify.equals("intact");
        }

        public static String header() {
            return String.format("%-34s %5s %5s %6s %6s %11s %6s %7s %5s  %s", "scenario", "calls", "ok", "refused",
                    "intern", "audit/calls", "unfin", "orphans", "stuck", "verify");
        }

        public String line() {
            return String.format("%-34s %5d %5d %6d %6d %5d/%-5d %6d %7d %5d  %s", scenario, calls, successes, refusals,
                    internalErrors, auditOutcomes, calls, auditUnfinished, orphans, stuck, verify);
        }
    }

    private static final Pattern CODE = Pattern.compile("/confirm ([A-Z2-9]{6})");

    private final Path dir;
    private final Path config;
    private final String prefix;
    private final List<String> names = new ArrayList<>();

    /** A fresh installation in {@code dir}; workspace names start with {@code prefix} (a-z, short). */
    public Chaos(Path dir, String prefix) {
        this(dir, prefix, "");
    }

    public Chaos(Path dir, String prefix, String extraWorkspaceYaml) {
        DockerPeer.engine();
        this.dir = dir;
        this.prefix = prefix;
        this.config = TestApp.writeConfig(dir, "  maxPerLearner: 2\n" + extraWorkspaceYaml);
    }

    public Path config() {
        return config;
    }

    /** {@code n} console processes at once, each a different learner creating one workspace. */
    public Result parallelLearners(int n) {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(console("learner", "pl" + i, null, create(prefix + "-p" + i)));
        }
        return finish("parallel: " + n + " learners", ps, n, "workspace.create");
    }

    /** {@code n} console processes at once, all the same learner (quota 2) creating one workspace each. */
    public Result oneLearnerParallel(int n) {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) ps.add(console("learner", "solo", null, create(prefix + "-s" + i)));
        return finish("parallel: 1 learner x " + n, ps, n, "workspace.create");
    }

    /** A create whose process dies at {@code failpoint}; then a restart. */
    public Result killCreateAt(String failpoint) {
        String name = prefix + "-c" + names.size();
        Process p = console("admin", "ada", failpoint, create(name));
        return finish("kill -9 create at " + failpoint, List.of(p), 1, "workspace.create");
    }

    /** One create per point, all at once, each process dying at its point; then one restart. */
    public Result killCreatesAtEach(List<String> failpoints) {
        List<Process> ps = new ArrayList<>();
        for (String point : failpoints) ps.add(console("admin", "ada", point, create(prefix + "-c" + names.size())));
        return finish("kill -9 creates at " + failpoints.size() + " points", ps, failpoints.size(), "workspace.create");
    }

    /** One workspace per point made by one process, then a confirmed remove of each dying at its point. */
    public Result killRemovesAtEach(List<String> failpoints) {
        StringBuilder setup = new StringBuilder();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < failpoints.size(); i++) {
            String name = prefix + "-r" + names.size();
            targets.add(name);
            setup.append(create(name));
        }
        Result made = finish("setup", List.of(console("admin", "ada", null, setup.toString())), failpoints.size(),
                "workspace.create");
        if (made.successes() != 1 || made.internalErrors() > 0) throw new AssertionError("setup failed: " + made.line());
        List<Thread> removers = new ArrayList<>();
        for (int i = 0; i < failpoints.size(); i++) {
            String name = targets.get(i);
            String point = failpoints.get(i);
            Thread th = new Thread(() -> removeDyingAt(name, point));
            th.start();
            removers.add(th);
        }
        for (Thread th : removers) {
            try {
                th.join(180_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        // each: the question and the confirmed call
        return settle("kill -9 removes at " + failpoints.size() + " points", 2 * failpoints.size(), "workspace.remove",
                0, 0, 0);
    }

    /** A workspace made, then a confirmed remove whose process dies at {@code failpoint}; then a restart. */
    public Result killRemoveAt(String failpoint) {
        String name = prefix + "-r" + names.size();
        Result made = finish("setup", List.of(console("admin", "ada", null, create(name))), 1, "workspace.create");
        if (made.successes() != 1) throw new AssertionError("could not make " + name + " to remove: " + made);
        removeDyingAt(name, failpoint);
        // two calls of workspace.remove: the question and the confirmed one
        return settle("kill -9 remove at " + failpoint, 2, "workspace.remove", 0, 0, 0);
    }

    /** Asks to remove {@code name}, confirms with the code it printed, in a process that dies at {@code failpoint}. */
    private void removeDyingAt(String name, String failpoint) {
        Process p = start("admin", "ada", failpoint);
        try {
            OutputStream in = p.getOutputStream();
            in.write(("/workspace remove name:" + name + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String code = awaitCode(p);
            in.write(("/confirm " + code + "\n").getBytes(StandardCharsets.UTF_8));
            in.close();
            p.getInputStream().readAllBytes();
            p.waitFor(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The database held by another process with an exclusive lock for {@code seconds} while a learner
     * creates: the create waits for it and succeeds.
     */
    public Result databaseLocked(int seconds) {
        String url = "jdbc:sqlite:" + dir.resolve("labhand.db").toAbsolutePath();
        // make the schema first, as a running installation would have it
        settle("setup", 0, "workspace.create", 0, 0, 0);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            Process p = console("learner", "lock", null, create(prefix + "-l0"));
            Thread.sleep(seconds * 1000L);
            s.execute("COMMIT");
            return finish("database locked " + seconds + " s", List.of(p), 1, "workspace.create");
        } catch (SQLException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Creates with the Docker engine unreachable (docker.host at a closed loopback port). */
    public Result engineDown(int n) {
        Path downConfig = dir.resolve("engine-down.yaml");
        try {
            String text = java.nio.file.Files.readString(config).replace(DockerPeer.HOST, "tcp://127.0.0.1:9");
            java.nio.file.Files.writeString(downConfig, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = prefix + "-d" + i;
            names.add(name);
            ps.add(startWith(downConfig, "learner", "down" + i, null, "/workspace create template:busybox-cpu name:" + name + "\n"));
        }
        Counts counts = collect(ps);
        return settle("engine down x " + n, n, "workspace.create", counts.ok, counts.refused, counts.internal);
    }

    private String create(String name) {
        names.add(name);
        return "/workspace create template:busybox-cpu name:" + name + "\n";
    }

    private Process console(String role, String as, String failpoint, String input) {
        return startWith(config, role, as, failpoint, input);
    }

    private Process start(String role, String as, String failpoint) {
        return startWith(config, role, as, failpoint, null);
    }

    private Process startWith(Path cfg, String role, String as, String failpoint, String input) {
        ProcessBuilder pb = LabhandProcess.builder(dir, "console", "--as", as, "--role", role, "--lang", "en",
                "--config", cfg.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (failpoint != null) pb.environment().put("LABHAND_FAILPOINT", failpoint);
        try {
            Process p = pb.start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String awaitCode(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = CODE.matcher(line);
            if (m.find()) return m.group(1);
        }
        throw new AssertionError("the console gave no confirmation code");
    }

    private record Counts(int ok, int refused, int internal) {}

    /** Reads what each process answered: created, refused (quota, taken, cooldown, engine), or an internal error. */
    private static Counts collect(List<Process> ps) {
        int ok = 0;
        int refused = 0;
        int internal = 0;
        for (Process p : ps) {
            String out;
            try {
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(180, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (out.contains("Something went wrong")) internal++;
            else if (out.contains("is running")) ok++;
            else if (!out.isBlank()) refused++;
        }
        return new Counts(ok, refused, internal);
    }

    private Result finish(String scenario, List<Process> ps, int calls, String tool) {
        Counts c = collect(ps);
        return settle(scenario, calls, tool, c.ok, c.refused, c.internal);
    }

    /**
     * Restarts once (a console with no input reconciles and settles interrupted calls), then compares the
     * audit, the store and the engine.
     */
    private Result settle(String scenario, int calls, String tool, int ok, int refused, int internal) {
        LabhandProcess.Result restart = LabhandProcess.run(dir, "", "console", "--as", "ada", "--config", config.toString());
        if (restart.exitCode() != 0) throw new AssertionError("restart failed: " + restart.stderr());
        LabhandConfig cfg = LabhandConfig.load(config, System::getenv);
        try (Database db = Database.open(cfg.database())) {
            AuditLog audit = AuditLog.forVerifying(db, new KeyFolder(cfg.keysDir()), cfg.checkpointFile());
            List<AuditRow> rows = audit.list(null, tool, 100_000).stream().filter(r -> r.id() > seenRows).toList();
            // every call ends in exactly one row that is not "started": its only row, its outcome, or "interrupted"
            long outcomes = rows.stream().filter(r -> !r.outcome().equals(AuditRow.STARTED)).count();
            long unfinished = audit.unfinished().size();
            var verdict = audit.verify();
            List<WorkspaceRecord> records = new WorkspaceRepository(db, Clock.systemUTC()).all();
            DockerEngine engine = DockerPeer.engine();
            int orphans = 0;
            for (String n : names) {
                var container = engine.inspect("lh-" + n);
                if (container.isPresent() && records.stream().noneMatch(r -> r.name().equals(n))) orphans++;
            }
            int stuck = (int) records.stream().filter(r -> names.contains(r.name()))
                    .filter(r -> r.status() != WorkspaceRecord.Status.RUNNING && r.status() != WorkspaceRecord.Status.STOPPED
                            || engine.inspect("lh-" + r.name()).isEmpty()).count();
            seenRows = audit.list(null, null, 1).stream().mapToLong(AuditRow::id).max().orElse(seenRows);
            return new Result(scenario, calls, ok, refused, internal, outcomes, unfinished, orphans, stuck,
                    verdict.ok() ? "intact" : "TAMPERED: " + verdict.reason());
        }
    }

    private long seenRows;

    /** Removes every container this chaos made (never another run's). */
    public void cleanUp() {
        DockerPeer.removeContainersNamed(DockerPeer.engine(), names.stream().map(n -> "lh-" + n).toList());
    }

    /** The names of the scenarios' kill points, in the order a create and a remove pass them. */
    public static final List<String> CREATE_POINTS = List.of("call.after-audit", "call.after-claim",
            "create.after-record", "create.after-image", "create.after-directories", "create.after-container",
            "create.after-container-recorded", "create.after-start", "create.after-running-recorded",
            "call.before-outcome");
    public static final List<String> REMOVE_POINTS = List.of("call.after-audit", "call.after-claim",
            "remove.after-container", "remove.after-record", "call.before-outcome");
}
