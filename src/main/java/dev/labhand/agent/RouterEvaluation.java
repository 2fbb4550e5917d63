package dev.labhand.agent;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores the offline router on labelled sentences ({@code router-eval.tsv}: utterance, expected tool or
 * {@code clarify:<tool>} or {@code none}, expected args {@code k=v;k=v}, the caller's visible workspaces
 * {@code name:template,...}). Intent accuracy counts the tool; argument accuracy the tool and every argument.
 */
public final class RouterEvaluation {
    private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3]");

    /** One sentence the router got wrong: what was expected and what it said. */
    public record Miss(String utterance, String expected, String got) {}

    /** The scores; latencies in microseconds. */
    public record Report(int total, int intentCorrect, int argsCorrect, long p50Micros, long p99Micros,
                         List<Miss> misses) {
        public double intentAccuracy() {
            return total == 0 ? 0 : (double) intentCorrect / total;
        }

        public double argumentAccuracy() {
            return total == 0 ? 0 : (double) argsCorrect / total;
        }

        /** The report as lines for a terminal. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("utterances: %d%nintent accuracy: %.1f%% (%d)%nargument accuracy: %.1f%% (%d)%n"
                            + "latency p50: %.3f ms, p99: %.3f ms%n", total, 100 * intentAccuracy(), intentCorrect,
                    100 * argumentAccuracy(), argsCorrect, p50Micros / 1000.0, p99Micros / 1000.0));
            sb.append("misses: ").append(misses.size()).append('\n');
            for (Miss m : misses) {
                sb.append("  ").append(m.utterance()).append("\n      expected ").append(m.expected())
                        .append("\n      got      ").append(m.got()).append('\n');
            }
            return sb.toString();
        }
    }

    private record Row(String utterance, String tool, Map<String, String> args, List<WorkspaceRecord> visible) {}

    /** The Docker hosts the evaluation's sentences may name. */
    public static final List<String> HOSTS = List.of("gpu1", "gpu2", "lab1");

    private RouterEvaluation() {}

    /** Routes every row once to warm up, then again timed, and scores the timed pass. */
    public static Report run(OfflineRouter router, InputStream tsv) {
        List<Row> rows = read(tsv);
        for (int i = 0; i < 3; i++) for (Row row : rows) router.route(caller(row), row.utterance(), row.visible());
        long[] micros = new long[rows.size()];
        int intent = 0;
        int args = 0;
        List<Miss> misses = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            long start = System.nanoTime();
            Route route = router.route(caller(row), row.utterance(), row.visible());
            micros[i] = (System.nanoTime() - start) / 1000;
            String gotTool;
            Map<String, String> gotArgs;
            if (route instanceof Route.Call c) {
                gotTool = c.tool();
                gotArgs = c.args();
            } else if (route instanceof Route.Clarify c) {
                gotTool = "clarify:" + c.tool();
                gotArgs = c.partialArgs();
            } else {
                gotTool = "none";
                gotArgs = Map.of();
            }
            boolean toolOk = gotTool.equals(row.tool());
            boolean argsOk = toolOk && gotArgs.equals(row.args());
            if (toolOk) intent++;
            if (argsOk) args++;
            if (!argsOk) {
                misses.add(new Miss(row.utterance(), row.tool() + " " + row.args(), gotTool + " " + gotArgs));
            }
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Report(rows.size(), intent, args, percentile(sorted, 50), percentile(sorted, 99), misses);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** A learner whose language is the sentence's: the router never reads the caller from the text. */
    private static Caller caller(Row row) {
        Caller.Lang lang = HANGUL.matcher(row.utterance()).find() ? Caller.Lang.KO : Caller.Lang.EN;
        return new Caller("eval-learner", "Eval", Role.LEARNER, lang, "eval");
    }

    private static List<Row> read(InputStream tsv) {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(tsv, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t", -1);
                if (cols.length < 4) throw new IllegalArgumentException("eval row needs 4 columns: " + line);
                String utterance = cols[0].strip();
                Map<String, String> args = new LinkedHashMap<>();
                for (String pair : cols[2].split(";")) {
                    if (pair.isBlank()) continue;
                    int eq = pair.indexOf('=');
                    String value = pair.substring(eq + 1).strip();
                    args.put(pair.substring(0, eq).strip(), value.equals("$text") ? utterance : value);
                }
                rows.add(new Row(utterance, cols[1].strip(), args, workspaces(cols[3].strip())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static List<WorkspaceRecord> workspaces(String context) {
        List<WorkspaceRecord> out = new ArrayList<>();
        if (context.isEmpty() || context.equals("-")) return out;
        Instant t = Instant.EPOCH;
        for (String item : context.split(",")) {
            String[] nt = item.strip().split(":");
            out.add(new WorkspaceRecord("ws-" + nt[0], nt[0], "eval-learner", nt[1], dev.labhand.store.HostRecord.LOCAL, null,
                    WorkspaceRecord.Status.RUNNING, Map.of(), null, t, t));
        }
        return out;
    }

    /**
     * Prints the report for the shipped evaluation set against the configured catalog:
     * {@code RouterEvaluation [tools-dir] [templates-dir]} (defaults {@code tools}, {@code config/templates}).
     */
    public static void main(String[] args) {
        java.nio.file.Path tools = java.nio.file.Path.of(args.length > 0 ? args[0] : "tools");
        java.nio.file.Path templates = java.nio.file.Path.of(args.length > 1 ? args[1] : "config/templates");
        OfflineRouter router = new OfflineRouter(catalog(tools, templates), () -> HOSTS);
        try (InputStream in = RouterEvaluation.class.getResourceAsStream("/router-eval.tsv")) {
            System.out.print(run(router, in).describe());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real catalog, built without a Docker connection (the engine connects lazily). */
    public static dev.labhand.tool.ToolCatalog catalog(java.nio.file.Path toolsDir, java.nio.file.Path templatesDir) {
        var env = dev.labhand.config.LabhandConfig.env(Map.of());
        var config = dev.labhand.config.LabhandConfig.defaults();
        var templates = dev.labhand.workspace.WorkspaceTemplates.load(templatesDir, env);
        var service = new dev.labhand.workspace.WorkspaceService(
                dev.labhand.workspace.DockerHosts.localOnly(new dev.labhand.workspace.DockerEngine(
                        "unix:///nonexistent.sock", java.time.Duration.ofSeconds(1))),
                null, templates, config.workspaces(), "router-evaluation", java.time.Clock.systemUTC(),
                dev.labhand.tool.MemberNames.IDS);
        var catalog = new dev.labhand.tool.ToolCatalog();
        var clock = java.time.Clock.systemUTC();
        var vms = new dev.labhand.vm.VmService(new dev.labhand.vm.VmProviders(java.util.List.of()),
                new dev.labhand.store.HostRepository(null, clock), null, dev.labhand.tool.Notifier.NONE, service.hosts(), clock,
                dev.labhand.tool.MemberNames.IDS);
        dev.labhand.Wiring.tools(service, vms, dev.labhand.vm.CloudCatalog.load(java.nio.file.Path.of("config/clouds"), env),
                new dev.labhand.audit.AuditLog(null), config,
                dev.labhand.diag.ToolsetLoader.load(toolsDir.resolve("diagnostics"), env)).forEach(catalog::register);
        return catalog;
    }
}
