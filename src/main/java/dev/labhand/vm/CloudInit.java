package dev.labhand.vm;

import dev.labhand.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cloud-init user data for a new VM (tools/vm/cloud-init.yaml, or the copy in the jar), with its
 * {@code {{name}}} values filled in. Every value is checked before it gets here (keys parsed, names
 * matched against patterns), and a value holding a line break or a placeholder the caller did not
 * give is refused, so nothing can change the YAML's shape.
 */
public final class CloudInit {
    public static final String FILE_NAME = "cloud-init.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
    private final String template;

    private CloudInit(String template) {
        this.template = template;
    }

    /** Reads {@code toolsDir/vm/cloud-init.yaml}; the built-in file when it does not exist. */
    public static CloudInit load(Path toolsDir) {
        Path file = toolsDir.resolve("vm").resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file)) return new CloudInit(Files.readString(file));
            try (InputStream in = CloudInit.class.getClassLoader().getResourceAsStream("vm/" + FILE_NAME)) {
                if (in == null) throw new ConfigException("built-in file missing from the jar: vm/" + FILE_NAME);
                return new CloudInit(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The placeholders the file uses. */
    public TreeSet<String> placeholders() {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) throw new IllegalArgumentException("cloud-init needs a value for {{" + m.group(1) + "}}");
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.contains("{{")) {
                throw new IllegalArgumentException("cloud-init value for {{" + m.group(1) + "}} must be one plain line");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
