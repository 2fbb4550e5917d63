package dev.labhand.agent.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The router's model: the sentence reader with its vocabulary, the intent classifiers, and the values each tool's
 * parameters took in the labelled data (so "torch" can be read as a package name). Trained from the train split
 * at build time and loaded from the jar ({@link ShippedModel}); trained at first use only when the jar has no
 * model for the data on the class path.
 *
 * @param seenValues "tool.param" to the values the labelled data gives it
 * @param millis     the whole cost: loading Nori's dictionary, reading the sentences and training
 * @param readMillis of which loading the dictionary and reading the sentences
 * @param shipped    loaded from the build's model file rather than trained in this process
 */
record TrainedModel(SentenceReader reader, IntentModel model, IntentModel areas, IntentModel verbs,
                    Map<String, Set<String>> seenValues, long millis, long readMillis, boolean shipped) {
    /** Labelled arguments that are names said in the sentence: read as unknown words while training. */
    private static final Set<String> NAME_ARGS = Set.of("name", "workspace", "member", "owner", "package");

    private static volatile TrainedModel shared;
    /** How much the area and verb heads weigh against the full model (chosen by cross-validation on train). */
    static final double HEADS = 1.5;

    static TrainedModel shared() {
        TrainedModel m = shared;
        if (m == null) {
            synchronized (TrainedModel.class) {
                if (shared == null) {
                    shared = ShippedModel.load().orElseGet(() -> train(LabelledData.split("train"), IntentModel.Settings.DEFAULT));
                }
                m = shared;
            }
        }
        return m;
    }

    /** Trains on {@code examples}, written in {@link LabelledData#world()}. */
    static TrainedModel train(List<LabelledData.Example> examples, IntentModel.Settings settings) {
        long start = System.nanoTime();
        Known world = LabelledData.world();
        Set<String> names = new HashSet<>();
        for (Known.Entity e : world.entities()) names.add(e.name());
        SentenceReader reader = new SentenceReader();
        Map<String, Integer> counts = new HashMap<>();
        List<Reading> readings = new ArrayList<>();
        Map<String, Set<String>> seen = new HashMap<>();
        List<List<String>> features = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (LabelledData.Example ex : examples) {
            Set<String> unknown = new HashSet<>();
            ex.args().forEach((k, v) -> {
                seen.computeIfAbsent(ex.intent() + "." + k, x -> new HashSet<>()).add(v);
                if (NAME_ARGS.contains(k) && !names.contains(v)) unknown.add(v);
            });
            // with no vocabulary yet every Latin word is read as itself: the features a known word gives
            Reading r = reader.read(ex.utterance(), world, unknown);
            for (String f : new HashSet<>(r.features)) if (f.startsWith("w:") && !f.startsWith("w:<")) counts.merge(f.substring(2), 1, Integer::sum);
            readings.add(r);
            targets.add(ex.intent());
        }
        Set<String> rare = new HashSet<>();
        counts.forEach((w, n) -> {
            if (n == 1) rare.add(w);
        });
        for (Reading r : readings) features.add(SentenceReader.withUnknown(r, rare));
        // the vocabulary keeps rare words: a typo of one is still read as that word, and a rare word said again
        // gives its own features (the model then weighs what it learned for <unk>)
        reader.vocabulary(counts.keySet());
        long read = System.nanoTime();
        IntentModel model = IntentModel.train(features, targets, settings);
        IntentModel areas = IntentModel.train(features, targets.stream().map(TrainedModel::area).toList(), settings);
        IntentModel verbs = IntentModel.train(features, targets.stream().map(TrainedModel::verb).toList(), settings);
        Map<String, Set<String>> frozen = new HashMap<>();
        seen.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return new TrainedModel(reader, model, areas, verbs, Map.copyOf(frozen), (System.nanoTime() - start) / 1_000_000,
                (read - start) / 1_000_000, false);
    }

    /** What a tool acts on: its area (workspace, vm, diag); "none" for none. */
    static String area(String tool) {
        int dot = tool.indexOf('.');
        return dot < 0 ? tool : tool.substring(0, dot);
    }

    /** What a tool does: its verb (stop, start, gpu-smi); "none" for none. */
    static String verb(String tool) {
        int dot = tool.indexOf('.');
        return dot < 0 ? tool : tool.substring(dot + 1);
    }

    /**
     * The probability of each tool of the full model's labels: the full model's times those of its area and its
     * verb, each learned over every tool sharing it ("stop" from workspace and VM sentences alike), normalised.
     */
    double[] probabilities(List<String> features) {
        double[] full = model.probabilities(features);
        double[] a = areas.probabilities(features);
        double[] v = verbs.probabilities(features);
        List<String> labels = model.labels();
        double[] out = new double[full.length];
        double sum = 0;
        for (int i = 0; i < full.length; i++) {
            String tool = labels.get(i);
            double heads = a[areas.labels().indexOf(area(tool))] * v[verbs.labels().indexOf(verb(tool))];
            out[i] = full[i] * Math.pow(heads, HEADS);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) out[i] /= sum;
        return out;
    }
}
