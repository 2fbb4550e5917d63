package dev.labhand.agent.llm;

import dev.labhand.config.ConfigException;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system prompts, {@code system.ko.txt} and {@code system.en.txt}: from the {@code prompts/} folder
 * when it has them, else from the classpath ({@code prompts/} inside the jar). Plain text with
 * {@code {{variable}}} placeholders; a placeholder this class does not fill is an error at load time,
 * not a surprise in front of a member.
 */
public final class Prompts {
    /** The variables a system prompt may use. */
    public static final Set<String> VARIABLES = Set.of("member", "role", "language", "today", "toolCount");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

    private final Map<Lang, String> system;

    private Prompts(Map<Lang, String> system) {
        this.system = system;
    }

    /** Loads both languages from {@code dir}, file by file falling back to the classpath. */
    public static Prompts load(Path dir) {
        Map<Lang, String> texts = new EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            String name = "system." + lang.name().toLowerCase() + ".txt";
            String text = read(dir == null ? null : dir.resolve(name), "prompts/" + name);
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!VARIABLES.contains(m.group(1))) {
                    throw new ConfigException("prompts/" + name + ": unknown variable {{" + m.group(1) + "}}; known: "
                            + String.join(", ", VARIABLES));
                }
            }
            texts.put(lang, text);
        }
        return new Prompts(texts);
    }

    /** The system prompt for this caller, in their language. */
    public String system(Caller caller, int toolCount, LocalDate today) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("member", plain(caller.name()));
        values.put("role", caller.role().id());
        values.put("language", caller.locale() == Lang.KO ? "한국어 (Korean)" : "English");
        values.put("today", today.toString());
        values.put("toolCount", String.valueOf(toolCount));
        return fill(system.get(caller.locale()), values);
    }

    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A display name as prompt text: one line, short, and without braces, because langchain4j treats the
     * system message as a template of its own and a member called "{{it}}" must stay just a name.
     */
    static String plain(String name) {
        String s = name == null ? "" : name.replaceAll("[\\p{Cntrl}{}]", " ").strip();
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    private static String read(Path file, String resource) {
        try {
            if (file != null && Files.isRegularFile(file)) return Files.readString(file, StandardCharsets.UTF_8);
            try (InputStream in = Prompts.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ConfigException(resource + " is missing: neither " + file + " nor the classpath has it");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + (file != null ? file : resource), e);
        }
    }
}
