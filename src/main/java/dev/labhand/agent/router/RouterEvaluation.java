package dev.labhand.agent.router;

import dev.labhand.Wiring;
import dev.labhand.store.HostRecord;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Scores the offline router on its labelled splits ({@link LabelledData}): a sentence is right when the route
 * is the expected tool with exactly the expected arguments (or the expected question with its partial
 * arguments, or not-understood for {@code none}); a question "which did you mean?" counts as wrong. The world
 * of the data is given as live state: the caller's workspaces, the VMs and hosts. Also chooses the confidence
 * threshold on dev and measures latency and the start-up cost of training.
 */
public final class RouterEvaluation {
    static final String CALLER = "eval-instructor";
    /** A wrong call costs this many questions when the threshold is chosen on dev. */
    static final double WRONG_COST = 2;

    /** One scored sentence. */
    public record Scored(LabelledData.Example example, String expected, String got, String topIntent, double confidence,
                         boolean correct, boolean asked, long micros) {
        boolean intentCorrect() {
            return topIntent.equals(example.intent());
        }
    }

    /** The scores of one split; latencies in microseconds. */
    public record Report(String split, List<Scored> rows) {
        public double accuracy() {
            return fraction(rows, null);
        }

        /** Intent and arguments right, for sentences in {@code lang} (ko, en, mix). */
        public double accuracy(String lang) {
            return fraction(rows, lang);
        }

        public long count(String lang) {
            return rows.stream().filter(r -> r.example().lang().equals(lang)).count();
        }

        public double intentAccuracy() {
            return rows.isEmpty() ? 0 : (double) rows.stream().filter(Scored::intentCorrect).count() / rows.size();
        }

        /** Sentences answered without asking which tool was meant. */
        public double coverage() {
            return rows.isEmpty() ? 0 : (double) rows.stream().filter(r -> !r.asked()).count() / rows.size();
        }

        public long percentileMicros(int p) {
            long[] sorted = rows.stream().mapToLong(Scored::micros).sorted().toArray();
            if (sorted.length == 0) return 0;
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        /** Per expected intent, what the wrong routes were instead, most frequent first. */
        public Map<String, Map<String, Integer>> confusion() {
            Map<String, Map<String, Integer>> out = new TreeMap<>();
            for (Scored r : rows) {
                if (r.correct()) continue;
                String got = r.got().split(" ", 2)[0];
                String expected = r.example().tool();
                if (got.equals(expected)) got += " (arguments)";
                out.computeIfAbsent(expected, k -> new TreeMap<>()).merge(got, 1, Integer::sum);
            }
            return out;
        }

        public String summary() {
            return String.format("%-5s n=%4d  intent+args %5.1f%%  intent %5.1f%%  ko %5.1f%% (%d)  en %5.1f%% (%d)  "
                            + "mix %5.1f%% (%d)  answered without asking %5.1f%%  p50 %.2f ms  p99 %.2f ms",
                    split, rows.size(), 100 * accuracy(), 100 * intentAccuracy(), 100 * accuracy("ko"), count("ko"),
                    100 * accuracy("en"), count("en"), 100 * accuracy("mix"), count("mix"), 100 * coverage(),
                    percentileMicros(50) / 1000.0, percentileMicros(99) / 1000.0);
        }

        public String misses() {
            StringBuilder sb = new StringBuilder();
            for (Scored r : rows) {
                if (r.correct()) continue;
                sb.append(String.format("  [%s %s] %s%n      expected %s%n      got      %s (p=%.2f)%n", r.example().lang(),
                        r.example().family(), r.example().utterance(), r.expected(), r.got(), r.confidence()));
            }
            return sb.toString();
        }

        private static double fraction(List<Scored> rows, String lang) {
            List<Scored> in = lang == null ? rows : rows.stream().filter(r -> r.example().lang().equals(lang)).toList();
            return in.isEmpty() ? 0 : (double) in.stream().filter(Scored::correct).count() / in.size();
        }
    }

    private RouterEvaluation() {}

    /** The router the evaluation scores: the real catalog and the data's world as live state. */
    public static OfflineRouter router(Path toolsDir, Path templatesDir) {
        return new OfflineRouter(catalog(toolsDir, templatesDir), hosts());
    }

    /** Routes every sentence of {@code split} three times to warm up, then again timed, and scores the timed pass. */
    public static Report run(OfflineRouter router, String split) {
        List<LabelledData.Example> examples = LabelledData.split(split);
        List<WorkspaceRecord> visible = workspaces();
        for (int i = 0; i < 3; i++) for (LabelledData.Example ex : examples) router.route(caller(ex), ex.utterance(), visible);
        List<Scored> rows = new ArrayList<>();
        for (LabelledData.Example ex : examples) {
            long start = System.nanoTime();
            Route route = router.route(caller(ex), ex.utterance(), visible);
            long micros = (System.nanoTime() - start) / 1000;
            OfflineRouter.Decision d = router.decide(caller(ex), ex.utterance(), visible);
            String top = d.ranked().isEmpty() ? "none" : d.ranked().get(0).tool();
            String expected = ex.tool() + " " + new TreeMap<>(ex.args());
            String got = describe(route, top);
            rows.add(new Scored(ex, expected, got, top, d.confidence(), got.equals(expected), route instanceof Route.Choose, micros));
        }
        return new Report(split, rows);
    }

    /** For each threshold, the dev sentences answered right and wrong and those asked about; the one chosen. */
    public static String thresholdSweep(OfflineRouter router) {
        List<LabelledData.Example> examples = LabelledData.split("dev");
        List<WorkspaceRecord> visible = workspaces();
        List<OfflineRouter.Decision> decisions = new ArrayList<>();
        for (LabelledData.Example ex : examples) decisions.add(router.decide(caller(ex), ex.utterance(), visible));
        return sweep("dev", examples, decisions);
    }

    /**
     * Cross-validation on the train split, by phrasing family ({@code folds} folds; a family and its typo'd copies
     * stay in one fold): each fold is routed by a model trained on the others. An estimate of accuracy on unseen
     * phrasings that does not spend dev or test, and a second view of the threshold.
     */
    public static String crossValidation(Path toolsDir, Path templatesDir, int folds) {
        List<LabelledData.Example> all = LabelledData.split("train");
        ToolCatalog catalog = catalog(toolsDir, templatesDir);
        List<WorkspaceRecord> visible = workspaces();
        List<LabelledData.Example> held = new ArrayList<>();
        List<OfflineRouter.Decision> decisions = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            List<LabelledData.Example> in = new ArrayList<>();
            List<LabelledData.Example> out = new ArrayList<>();
            for (LabelledData.Example ex : all) (fold(ex, folds) == k ? out : in).add(ex);
            OfflineRouter router = new OfflineRouter(catalog, hosts(), TrainedModel.train(in, IntentModel.Settings.DEFAULT),
                    OfflineRouter.THRESHOLD);
            for (LabelledData.Example ex : out) {
                held.add(ex);
                decisions.add(router.decide(caller(ex), ex.utterance(), visible));
            }
        }
        Map<String, Integer> confusion = new TreeMap<>();
        for (int i = 0; i < held.size(); i++) {
            LabelledData.Example ex = held.get(i);
            String got = describe(decisions.get(i).answered(), "");
            if (got.equals(ex.tool() + " " + new TreeMap<>(ex.args()))) continue;
            String gotTool = got.split(" ", 2)[0];
            confusion.merge(ex.tool() + " -> " + (gotTool.equals(ex.tool()) ? "(arguments)" : gotTool), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder(sweep(folds + "-fold cross-validation on train", held, decisions));
        sb.append("most frequent errors:\n");
        confusion.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(25)
                .forEach(e -> sb.append("  ").append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
        return sb.toString();
    }

    private static int fold(LabelledData.Example ex, int folds) {
        String family = ex.family().replaceFirst("^g-(.*)-typo$", "$1");
        return Math.floorMod(family.hashCode() * 31 + 7, folds);
    }

    private static String sweep(String what, List<LabelledData.Example> examples, List<OfflineRouter.Decision> decisions) {
        StringBuilder sb = new StringBuilder("threshold on " + what + " (a wrong call costs " + (int) WRONG_COST + " questions):\n");
        for (String lang : List.of("ko", "en", "mix")) {
            long n = examples.stream().filter(e -> e.lang().equals(lang)).count();
            long right = 0;
            for (int i = 0; i < examples.size(); i++) {
                LabelledData.Example ex = examples.get(i);
                if (ex.lang().equals(lang) && describe(decisions.get(i).answered(), "").equals(ex.tool() + " " + new TreeMap<>(ex.args()))) right++;
            }
            sb.append(String.format("  answering everything, %s: %.1f%% of %d%n", lang, n == 0 ? 0 : 100.0 * right / n, n));
        }
        double best = 0;
        double bestUtility = Double.NEGATIVE_INFINITY;
        for (int t = 0; t <= 90; t += 5) {
            double threshold = t / 100.0;
            int right = 0, wrong = 0, asked = 0;
            for (int i = 0; i < examples.size(); i++) {
                OfflineRouter.Decision d = decisions.get(i);
                LabelledData.Example ex = examples.get(i);
                if (!(d.answered() instanceof Route.NotUnderstood) && d.confidence() < threshold) {
                    asked++;
                } else if (describe(d.answered(), "").equals(ex.tool() + " " + new TreeMap<>(ex.args()))) {
                    right++;
                } else {
                    wrong++;
                }
            }
            double utility = right - WRONG_COST * wrong;
            if (utility >= bestUtility) { // among equals, the most careful
                bestUtility = utility;
                best = threshold;
            }
            sb.append(String.format("  %.2f  right %5.1f%%  wrong %5.1f%%  asked %5.1f%%  answered %5.1f%%%n", threshold,
                    100.0 * right / examples.size(), 100.0 * wrong / examples.size(), 100.0 * asked / examples.size(),
                    100.0 * (right + wrong) / examples.size()));
        }
        sb.append(String.format("  best: %.2f; the router uses %.2f (OfflineRouter.THRESHOLD)%n", best, OfflineRouter.THRESHOLD));
        return sb.toString();
    }

    private static String describe(Route route, String top) {
        if (route instanceof Route.Call c) return c.tool() + " " + new TreeMap<>(c.args());
        if (route instanceof Route.Clarify c) return "clarify:" + c.tool() + " " + new TreeMap<>(c.partialArgs());
        if (route instanceof Route.Choose) return "unsure:" + top + " {}";
        return "none {}";
    }

    /** The evaluated caller: an instructor (VM and host tools are theirs) in the sentence's language. */
    static Caller caller(LabelledData.Example ex) {
        Caller.Lang lang = ex.lang().equals("en") ? Caller.Lang.EN : Caller.Lang.KO;
        return new Caller(CALLER, "Eval", Role.INSTRUCTOR, lang, "eval");
    }

    /** The data's workspaces, as the store would give them: the caller's own. */
    static List<WorkspaceRecord> workspaces() {
        List<WorkspaceRecord> out = new ArrayList<>();
        Instant t = Instant.EPOCH;
        for (Known.Entity e : LabelledData.world().entities()) {
            if (e.kind() != Known.Kind.WORKSPACE) continue;
            out.add(new WorkspaceRecord("ws-" + e.name(), e.name(), CALLER, e.detail(), HostRecord.LOCAL, null,
                    WorkspaceRecord.Status.RUNNING, Map.of(), null, t, t));
        }
        return out;
    }

    /** The data's VMs and hosts. */
    static Supplier<List<Known.Entity>> hosts() {
        List<Known.Entity> out = LabelledData.world().entities().stream().filter(e -> e.kind() != Known.Kind.WORKSPACE).toList();
        return () -> out;
    }

    /**
     * The real catalog ({@link Wiring#offlineCatalog}), plus a stand-in for a tool the data names that this build
     * does not have (each with one workspace parameter {@code name}, as {@code workspace.restart} declares), so
     * its sentences are scored; the report names the stand-ins.
     */
    public static ToolCatalog catalog(Path toolsDir, Path templatesDir) {
        ToolCatalog catalog = Wiring.offlineCatalog(toolsDir, templatesDir);
        for (String missing : standIns(catalog)) {
            ToolSpec spec = ToolSpec.of(missing, Risk.CHANGE, Role.LEARNER, Param.workspace("name"));
            catalog.register(new Tool() {
                public ToolSpec spec() {
                    return spec;
                }

                public Outcome run(Invocation call) {
                    throw new UnsupportedOperationException("a stand-in for the router's evaluation");
                }

                public String description(Caller.Lang lang) {
                    return missing;
                }
            });
        }
        return catalog;
    }

    /** Tools the labelled data names that {@code catalog} lacks. */
    static List<String> standIns(ToolCatalog catalog) {
        List<String> out = new ArrayList<>();
        for (LabelledData.Example ex : LabelledData.split("train")) {
            String tool = ex.intent();
            if (!tool.equals("none") && catalog.find(tool).isEmpty() && !out.contains(tool)) out.add(tool);
        }
        return out;
    }

    /** What getting a model ready cost: wall and this thread's CPU, in milliseconds. */
    public record StartUp(long wallMillis, long cpuMillis) {}

    /** Loads the model shipped in the jar (as the bot does at start-up); fails when the build shipped none for this data. */
    public static StartUp loadShipped() {
        return timed(() -> ShippedModel.load().orElseThrow(() -> new IllegalStateException(
                "no shipped router model for this data: run mvn process-classes")));
    }

    /** Trains a model from the train split in this process (what start-up cost before the model was shipped). */
    public static StartUp trainNow() {
        return timed(() -> TrainedModel.train(LabelledData.split("train"), IntentModel.Settings.DEFAULT));
    }

    private static StartUp timed(Supplier<TrainedModel> work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        work.get();
        return new StartUp((System.nanoTime() - start) / 1_000_000, (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
    }

    /** The callers and visible workspaces the evaluation routes with, for a harness that times {@link OfflineRouter#route}. */
    public static Caller callerFor(LabelledData.Example ex) {
        return caller(ex);
    }

    public static List<WorkspaceRecord> visibleWorkspaces() {
        return workspaces();
    }

    /** The whole report, as {@code labhand router-eval} prints it. */
    public static String report(Path toolsDir, Path templatesDir, boolean misses) {
        return report(toolsDir, templatesDir, misses, List.of("train", "dev", "test"));
    }

    /** The report over {@code splits} only: tuning runs it without test, so test's scores are seen once, at the end. */
    public static String report(Path toolsDir, Path templatesDir, boolean misses, List<String> splits) {
        long start = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        TrainedModel trained = TrainedModel.shared();
        long firstUse = (System.nanoTime() - start) / 1_000_000;
        long cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        ToolCatalog plain = Wiring.offlineCatalog(toolsDir, templatesDir);
        OfflineRouter router = router(toolsDir, templatesDir);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("model: multinomial logistic regression (SGD, seed %d, %d epochs) over Nori morphemes, words, "
                        + "word bigrams and character n-grams; resource names read as their type%n",
                IntentModel.Settings.DEFAULT.seed(), IntentModel.Settings.DEFAULT.epochs()));
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        if (trained.shipped()) {
            sb.append(String.format("start-up: the model trained at build time (%s), loaded in %d ms wall, %d ms CPU of this thread "
                    + "(with Nori's dictionary); machine load %.1f on %d cores%n", ShippedModel.RESOURCE, firstUse, cpu, load, cores));
        } else {
            sb.append(String.format("start-up: NO shipped model for this data: trained now, %d ms wall, %d ms CPU of this thread "
                            + "(reading %d sentences %d ms, training %d ms; first use in this process %d ms; machine load %.1f on %d cores)%n",
                    trained.millis(), cpu, LabelledData.split("train").size(), trained.readMillis(), trained.millis() - trained.readMillis(),
                    firstUse, load, cores));
        }
        List<String> standIns = standIns(plain);
        if (!standIns.isEmpty()) sb.append("stand-ins for tools this build lacks: ").append(standIns).append('\n');
        Map<String, Report> reports = new LinkedHashMap<>();
        for (String split : splits) reports.put(split, run(router, split));
        for (Report r : reports.values()) sb.append(r.summary()).append('\n');
        sb.append(thresholdSweep(router));
        for (String split : List.of("dev", "test")) {
            if (!reports.containsKey(split)) continue;
            sb.append("confusion on ").append(split).append(" (expected: got instead × count):\n");
            reports.get(split).confusion().forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
            if (misses) sb.append("misses on ").append(split).append(":\n").append(reports.get(split).misses());
        }
        return sb.toString();
    }

    /** {@code RouterEvaluation [tools-dir] [templates-dir] [--misses] [--cv] [--no-test]}. */
    public static void main(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean misses = a.remove("--misses");
        List<String> splits = a.remove("--no-test") ? List.of("train", "dev") : List.of("train", "dev", "test");
        if (a.remove("--cv")) {
            System.out.print(crossValidation(Path.of(a.size() > 0 ? a.get(0) : "tools"),
                    Path.of(a.size() > 1 ? a.get(1) : "config/templates"), 5));
            return;
        }
        Path tools = Path.of(a.size() > 0 ? a.get(0) : "tools");
        Path templates = Path.of(a.size() > 1 ? a.get(1) : "config/templates");
        System.out.print(report(tools, templates, misses, splits));
    }
}
