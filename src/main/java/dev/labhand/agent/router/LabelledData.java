package dev.labhand.agent.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's labelled sentences ({@code /router/train.tsv}, {@code dev.tsv}, {@code test.tsv}: family, lang,
 * utterance, tool, args {@code k=v;k=v}) and the fixed fake world they are written in ({@code /router/world.txt}).
 * A tool {@code clarify:<tool>} expects one question for that tool; {@code none} expects not-understood;
 * {@code question=$text} is the sentence itself. Built by {@code scripts/router-data/build.py}.
 */
public final class LabelledData {

    /** One labelled sentence. */
    public record Example(String family, String lang, String utterance, String tool, Map<String, String> args) {
        /** The intent the model learns: the tool, also when a question about one of its arguments is expected. */
        public String intent() {
            return tool.startsWith("clarify:") ? tool.substring("clarify:".length()) : tool;
        }

        public boolean generated() {
            return family.startsWith("g-");
        }
    }

    private LabelledData() {}

    /** The examples of one split: train, dev or test. */
    public static List<Example> split(String name) {
        List<Example> out = new ArrayList<>();
        for (String line : lines("/router/" + name + ".tsv")) {
            String[] cols = line.split("\t", -1);
            if (cols.length != 5) throw new IllegalStateException("router/" + name + ".tsv: a row needs 5 columns: " + line);
            Map<String, String> args = new LinkedHashMap<>();
            for (String pair : cols[4].split(";")) {
                if (pair.isBlank()) continue;
                int eq = pair.indexOf('=');
                String value = pair.substring(eq + 1).strip();
                args.put(pair.substring(0, eq).strip(), value.equals("$text") ? cols[2].strip() : value);
            }
            out.add(new Example(cols[0], cols[1], cols[2].strip(), cols[3].strip(), args));
        }
        return out;
    }

    /** The world the data is written in, as the evaluated caller sees it (all its own). */
    public static Known world() {
        List<Known.Entity> entities = new ArrayList<>();
        for (String line : lines("/router/world.txt")) {
            String[] cols = line.split("\t");
            Known.Kind kind = Known.Kind.valueOf(cols[0].toUpperCase(java.util.Locale.ROOT));
            entities.add(new Known.Entity(cols[1], kind, cols[2], true));
        }
        return new Known(entities);
    }

    private static List<String> lines(String resource) {
        try (InputStream in = LabelledData.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) out.add(line);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
