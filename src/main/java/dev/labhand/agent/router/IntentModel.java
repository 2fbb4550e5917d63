package dev.labhand.agent.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Multinomial logistic regression over sparse binary features (L2-normalised per sentence), trained with
 * stochastic gradient descent from a fixed seed: the same data gives the same model. Features never seen in
 * training are ignored. Immutable once trained; {@link #probabilities} is thread-safe.
 */
final class IntentModel {

    /** How to train: passes over the data, first learning rate, L2 penalty, shuffle seed. */
    record Settings(int epochs, double learningRate, double l2, long seed) {
        static final Settings DEFAULT = new Settings(25, 0.8, 1e-6, 12);
    }

    private final List<String> labels;
    private final Map<String, Integer> index;
    /** Weights, feature-major: w[f * K + k]. */
    private final float[] w;

    private IntentModel(List<String> labels, Map<String, Integer> index, float[] w) {
        this.labels = List.copyOf(labels);
        this.index = index;
        this.w = w;
    }

    List<String> labels() {
        return labels;
    }

    /** Trains on {@code examples} (features) labelled {@code targets}. */
    static IntentModel train(List<List<String>> examples, List<String> targets, Settings settings) {
        List<String> labels = new ArrayList<>(new LinkedHashSet<>(targets.stream().sorted().toList()));
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) labelIndex.put(labels.get(i), i);
        Map<String, Integer> index = new HashMap<>();
        int[][] xs = new int[examples.size()][];
        for (int n = 0; n < examples.size(); n++) {
            xs[n] = examples.get(n).stream().distinct().mapToInt(f -> index.computeIfAbsent(f, k -> index.size())).toArray();
        }
        int k = labels.size();
        float[] w = new float[index.size() * k];
        int[] ys = targets.stream().mapToInt(labelIndex::get).toArray();
        int[] order = new int[xs.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random random = new Random(settings.seed());
        double[] scores = new double[k];
        float[] step = new float[k];
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double rate = settings.learningRate() / (1 + 0.2 * epoch);
            for (int n : order) {
                int[] x = xs[n];
                double value = 1 / Math.sqrt(x.length);
                softmax(w, x, value, k, scores);
                for (int c = 0; c < k; c++) step[c] = (float) (rate * value * (scores[c] - (c == ys[n] ? 1 : 0)));
                float shrink = (float) (1 - rate * settings.l2());
                for (int f : x) {
                    int base = f * k;
                    for (int c = 0; c < k; c++) w[base + c] = w[base + c] * shrink - step[c];
                }
            }
        }
        return new IntentModel(labels, index, w);
    }

    /** Writes the trained model: labels, then the features in index order, then the weights. */
    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(labels.size());
        for (String l : labels) out.writeUTF(l);
        String[] features = new String[index.size()];
        index.forEach((f, i) -> features[i] = f);
        out.writeInt(features.length);
        for (String f : features) out.writeUTF(f);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(w.length * 4);
        bytes.asFloatBuffer().put(w);
        out.write(bytes.array());
    }

    /** Reads what {@link #write} wrote. */
    static IntentModel read(java.io.DataInputStream in) throws java.io.IOException {
        int k = in.readInt();
        List<String> labels = new ArrayList<>(k);
        for (int i = 0; i < k; i++) labels.add(in.readUTF());
        int n = in.readInt();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) index.put(in.readUTF(), i);
        float[] w = new float[n * k];
        byte[] bytes = new byte[w.length * 4];
        in.readFully(bytes);
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(w);
        return new IntentModel(labels, index, w);
    }

    int features() {
        return index.size();
    }

    /** The probability of each label ({@link #labels} order) for a sentence's features. */
    double[] probabilities(List<String> features) {
        int[] x = features.stream().distinct().map(index::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
        double[] out = new double[labels.size()];
        softmax(w, x, x.length == 0 ? 0 : 1 / Math.sqrt(features.stream().distinct().count()), labels.size(), out);
        return out;
    }

    private static void softmax(float[] w, int[] x, double value, int k, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int f : x) {
            int base = f * k;
            for (int c = 0; c < k; c++) out[c] += w[base + c] * value;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double s : out) max = Math.max(max, s);
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < k; c++) out[c] /= sum;
    }
}
