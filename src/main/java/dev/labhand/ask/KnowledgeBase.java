package dev.labhand.ask;

import dev.labhand.config.ConfigException;
import dev.labhand.config.YamlSection;
import dev.labhand.tool.Caller.Lang;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The course notes {@code ask.course} answers from: one {@code <id>.md} file per topic, loaded strictly from
 * a directory, or the built-in set inside the jar. A file is a YAML front matter block between {@code ---}
 * lines ({@code id}, {@code title: {ko, en}}, {@code keywords}, {@code topic}: a syllabus module), then a {@code ## ko} and a
 * {@code ## en} section. Unknown keys and missing sections are errors naming the file and the key.
 */
public final class KnowledgeBase {
    /** Where the course notes live in the project, and where {@code labhand} looks by default. */
    public static final Path DEFAULT_DIR = Path.of("tools/knowledge");
    /** Lists the entries' file names, so the jar's built-in set is found without listing a jar directory. */
    public static final String INDEX_FILE = "index.txt";
    /** The folder the built-in entries are packaged in. */
    static final String RESOURCE_DIR = "knowledge/";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}\\.md");

    /**
     * One topic of the course notes.
     *
     * @param keywords terms learners use for it, in both languages: synonyms, commands, error messages
     * @param topic    the syllabus module that teaches it ({@code module-08}, see {@link CourseModules})
     */
    public record Entry(String id, String titleKo, String titleEn, List<String> keywords, String topic,
                        String bodyKo, String bodyEn) {
        public Entry {
            Objects.requireNonNull(id);
            keywords = List.copyOf(keywords);
        }

        public String title(Lang lang) {
            return lang == Lang.KO ? titleKo : titleEn;
        }

        public String body(Lang lang) {
            return lang == Lang.KO ? bodyKo : bodyEn;
        }
    }

    private final List<Entry> entries;
    private final String source;

    private KnowledgeBase(List<Entry> entries, String source) {
        this.entries = List.copyOf(entries);
        this.source = source;
    }

    /** From {@code dir} when it exists, else the built-in entries inside the jar. */
    public static KnowledgeBase load(Path dir) {
        return load(dir, KnowledgeBase.class.getClassLoader());
    }

    static KnowledgeBase load(Path dir, ClassLoader loader) {
        return Files.isDirectory(dir) ? fromDirectory(dir) : builtIn(loader, dir);
    }

    private static KnowledgeBase fromDirectory(Path dir) {
        List<Entry> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList()) {
                found.add(parse(f.toString(), stem(f.getFileName().toString()), Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read the knowledge base in " + dir + ": " + e.getMessage());
        }
        if (found.isEmpty()) throw new ConfigException(dir + ": no knowledge entries (*.md) found");
        return new KnowledgeBase(found, dir.toString());
    }

    private static KnowledgeBase builtIn(ClassLoader loader, Path missingDir) {
        String indexResource = RESOURCE_DIR + INDEX_FILE;
        String index = resource(loader, indexResource);
        if (index == null) {
            throw new ConfigException(missingDir + " does not exist and the jar has no built-in knowledge base ("
                    + indexResource + ")");
        }
        List<Entry> found = new ArrayList<>();
        for (String name : fileNames("(built-in) " + indexResource, index)) {
            String resource = RESOURCE_DIR + name;
            String text = resource(loader, resource);
            if (text == null) throw new ConfigException("built-in knowledge entry missing from the jar: " + resource);
            found.add(parse("(built-in) " + resource, stem(name), text));
        }
        if (found.isEmpty()) throw new ConfigException("(built-in) " + indexResource + ": lists no entries");
        return new KnowledgeBase(found, "(built-in) " + RESOURCE_DIR);
    }

    /** The file names an index lists: one per line; blank lines and {@code #} comments are skipped. */
    static List<String> fileNames(String source, String index) {
        List<String> names = new ArrayList<>();
        for (String line : index.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (!FILE_NAME.matcher(line).matches()) {
                throw new ConfigException(source + ": '" + line + "' is not a knowledge file name (<id>.md)");
            }
            names.add(line);
        }
        return names;
    }

    /**
     * One entry from the text of its file.
     *
     * @param source     names the file in errors
     * @param expectedId the file name without {@code .md}; the {@code id} key must equal it
     */
    static Entry parse(String source, String expectedId, String text) {
        String t = text.replace("\r\n", "\n");
        if (t.startsWith("\uFEFF")) t = t.substring(1);
        if (!t.startsWith("---\n")) throw new ConfigException(source + ": must start with a '---' line opening the front matter");
        int end = t.indexOf("\n---\n", 3);
        if (end < 0) throw new ConfigException(source + ": the front matter has no closing '---' line");
        String front = t.substring(4, end + 1);
        String body = t.substring(end + 5);

        YamlSection y = YamlSection.parse(source, new ByteArrayInputStream(front.getBytes(StandardCharsets.UTF_8)),
                name -> null);
        String id = y.requiredString("id");
        if (!ID.matcher(id).matches()) throw y.error("id", "must be lower-case letters, digits and '-', not '" + id + "'");
        if (!id.equals(expectedId)) throw y.error("id", "must equal the file name '" + expectedId + "', not '" + id + "'");
        YamlSection title = y.section("title");
        String titleKo = title.requiredString("ko");
        String titleEn = title.requiredString("en");
        title.done();
        List<String> keywords = y.strings("keywords").stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        if (keywords.isEmpty()) throw y.error("keywords", "is required: a list of terms learners use for this topic");
        String topic = y.requiredString("topic");
        if (CourseModules.find(topic).isEmpty()) {
            throw y.error("topic", "must be a module of the course's syllabus (" + String.join(", ",
                    CourseModules.all().keySet()) + "), not '" + topic + "'");
        }
        y.done();

        Map<Lang, String> sections = sections(source, body);
        return new Entry(id, titleKo.strip(), titleEn.strip(), keywords, topic, sections.get(Lang.KO), sections.get(Lang.EN));
    }

    /** The {@code ## ko} and {@code ## en} sections; headings inside code fences do not count. */
    private static Map<Lang, String> sections(String source, String body) {
        Map<String, StringBuilder> found = new LinkedHashMap<>();
        StringBuilder current = null;
        boolean fenced = false;
        for (String line : body.split("\n", -1)) {
            if (line.startsWith("```")) fenced = !fenced;
            if (!fenced && line.startsWith("## ")) {
                String name = line.substring(3).strip();
                if (!name.equals("ko") && !name.equals("en")) {
                    throw new ConfigException(source + ": unknown section '## " + name + "' (only '## ko' and '## en')");
                }
                if (found.containsKey(name)) throw new ConfigException(source + ": section '## " + name + "' appears twice");
                current = new StringBuilder();
                found.put(name, current);
            } else if (current != null) {
                current.append(line).append('\n');
            } else if (!line.isBlank()) {
                throw new ConfigException(source + ": text before the first section; start the body with '## ko'");
            }
        }
        Map<Lang, String> out = new EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            String name = lang.name().toLowerCase(Locale.ROOT);
            StringBuilder text = found.get(name);
            if (text == null) throw new ConfigException(source + ": section '## " + name + "' is missing");
            if (text.toString().isBlank()) throw new ConfigException(source + ": section '## " + name + "' is empty");
            out.put(lang, text.toString().strip());
        }
        return out;
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + name + ": " + e.getMessage());
        }
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.length() - ".md".length());
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The folder the entries came from, or {@code (built-in) knowledge/}. */
    public String source() {
        return source;
    }
}
