package dev.labhand.ask;

import dev.labhand.config.ConfigException;
import dev.labhand.tool.Caller.Lang;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The course's syllabus as the notes and replies link it: module ids ({@code module-08}, {@code module-07-2},
 * {@code self-study}) with their topics in both languages, from {@code course-modules.tsv} beside this class
 * (copied from the syllabus, {@code ../shared/COURSE.md}). A note naming a module the syllabus does not have
 * is refused when the notes are loaded.
 */
public final class CourseModules {
    /** One module of the syllabus. */
    public record Module(String id, String topicEn, String topicKo) {
        public String topic(Lang lang) {
            return lang == Lang.KO ? topicKo : topicEn;
        }

        /** "module 08", "module 07-2", or "self-study": how a reply names it. */
        public String label() {
            return id.startsWith("module-") ? "module " + id.substring("module-".length()) : id;
        }
    }

    private static final Map<String, Module> MODULES = load();

    private CourseModules() {}

    public static Optional<Module> find(String id) {
        return Optional.ofNullable(MODULES.get(id));
    }

    public static Map<String, Module> all() {
        return MODULES;
    }

    private static Map<String, Module> load() {
        try (InputStream in = CourseModules.class.getResourceAsStream("course-modules.tsv")) {
            if (in == null) throw new ConfigException("missing resource dev/labhand/ask/course-modules.tsv");
            Map<String, Module> modules = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (f.length != 3) throw new ConfigException("course-modules.tsv: not id<TAB>en<TAB>ko: " + line);
                modules.put(f[0].strip(), new Module(f[0].strip(), f[1].strip(), f[2].strip()));
            }
            return java.util.Collections.unmodifiableMap(modules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
