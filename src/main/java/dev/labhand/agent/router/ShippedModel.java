package dev.labhand.agent.router;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The router's model trained at build time and shipped in the jar ({@code /router/model.bin}), so nothing trains
 * when the bot starts. The build runs {@link #main} in Maven's {@code process-classes} phase (pom.xml, exec
 * plugin); the file carries the hash of the data it was trained from, and a file whose hash does not match the
 * data on the class path (train.tsv edited without a rebuild) is not used: the router then trains at first use,
 * as before.
 */
final class ShippedModel {
    static final String RESOURCE = "/router/model.bin";
    /** Bumped when the file's layout changes. */
    private static final int FORMAT = 1;
    /** What the model is trained from: the labelled data, its world, and the reader's word lists and dictionaries. */
    private static final List<String> INPUTS = List.of("/router/train.tsv", "/router/world.txt",
            "/dev/labhand/agent/router/renderings.txt", "/dev/labhand/agent/router/common-words.txt",
            "/dev/labhand/agent/router/template-words.txt", "/dev/labhand/agent/router/user-dictionary.txt",
            "/dev/labhand/ask/nori-user-dictionary.txt");

    private ShippedModel() {}

    /** Trains on the train split and writes the model under {@code args[0]} (the build's classes folder). */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args.length > 0 ? args[0] : "target/classes");
        Path out = classes.resolve(RESOURCE.substring(1));
        if (fresh(out, classes.resolve(ShippedModel.class.getPackageName().replace('.', '/')))) {
            System.out.println("router model: up to date (" + out + ")");
            return;
        }
        TrainedModel trained = TrainedModel.train(LabelledData.split("train"), IntentModel.Settings.DEFAULT);
        Files.createDirectories(out.getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            write(trained, o, dataHash());
        }
        System.out.printf("router model: %d sentences, %d features, trained in %d ms, %d KB -> %s%n",
                LabelledData.split("train").size(), trained.model().features(), trained.millis(), Files.size(out) / 1024, out);
    }

    /**
     * Whether {@code model} was trained from the data now on the class path by the router's code now compiled (it is
     * newer than every class of the package): an incremental build then does not train again.
     */
    private static boolean fresh(Path model, Path classes) throws IOException {
        if (!Files.isRegularFile(model)) return false;
        try (InputStream raw = Files.newInputStream(model);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            if (in.readInt() != FORMAT || !in.readUTF().equals(dataHash())) return false;
        } catch (IOException e) {
            return false;
        }
        java.nio.file.attribute.FileTime trained = Files.getLastModifiedTime(model);
        try (java.util.stream.Stream<Path> files = Files.list(classes)) {
            return files.noneMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(trained) > 0;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    /** The shipped model, when there is one trained from the data now on the class path. */
    static Optional<TrainedModel> load() {
        try (InputStream raw = ShippedModel.class.getResourceAsStream(RESOURCE)) {
            return raw == null ? Optional.empty() : read(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped router model " + RESOURCE + " cannot be read", e);
        }
    }

    /** A model written by {@link #write}, unless it was trained from other data than that on the class path. */
    static Optional<TrainedModel> read(InputStream raw) {
        long start = System.nanoTime();
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
            if (in.readInt() != FORMAT || !in.readUTF().equals(dataHash())) return Optional.empty();
            int words = in.readInt();
            Set<String> vocabulary = new HashSet<>(words * 2);
            for (int i = 0; i < words; i++) vocabulary.add(in.readUTF());
            IntentModel model = IntentModel.read(in);
            IntentModel areas = IntentModel.read(in);
            IntentModel verbs = IntentModel.read(in);
            int keys = in.readInt();
            Map<String, Set<String>> seen = new HashMap<>();
            for (int i = 0; i < keys; i++) {
                String key = in.readUTF();
                int n = in.readInt();
                List<String> values = new ArrayList<>(n);
                for (int j = 0; j < n; j++) values.add(in.readUTF());
                seen.put(key, Set.copyOf(values));
            }
            SentenceReader reader = new SentenceReader();
            reader.vocabulary(vocabulary);
            reader.read("작업공간 상태 warm", new Known(List.of()), Set.of()); // loads Nori's dictionary now, not at the first sentence
            long millis = (System.nanoTime() - start) / 1_000_000;
            return Optional.of(new TrainedModel(reader, model, areas, verbs, Map.copyOf(seen), millis, millis, true));
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped router model " + RESOURCE + " cannot be read", e);
        }
    }

    /** Writes {@code trained}, saying it was trained from the data whose hash is {@code hash}. */
    static void write(TrainedModel trained, OutputStream target, String hash) throws IOException {
        GZIPOutputStream zip = new GZIPOutputStream(target, 1 << 16);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
        out.writeInt(FORMAT);
        out.writeUTF(hash);
        Set<String> vocabulary = trained.reader().vocabulary();
        out.writeInt(vocabulary.size());
        for (String w : vocabulary.stream().sorted().toList()) out.writeUTF(w);
        trained.model().write(out);
        trained.areas().write(out);
        trained.verbs().write(out);
        out.writeInt(trained.seenValues().size());
        for (String key : trained.seenValues().keySet().stream().sorted().toList()) {
            out.writeUTF(key);
            List<String> values = trained.seenValues().get(key).stream().sorted().toList();
            out.writeInt(values.size());
            for (String v : values) out.writeUTF(v);
        }
        out.flush();
        zip.finish();
    }

    /** SHA-256 over the model's inputs as the class path has them now. */
    static String dataHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(IntentModel.Settings.DEFAULT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(String.valueOf(TrainedModel.HEADS).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String resource : INPUTS) {
                try (InputStream in = ShippedModel.class.getResourceAsStream(resource)) {
                    sha.update(resource.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    if (in != null) sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
