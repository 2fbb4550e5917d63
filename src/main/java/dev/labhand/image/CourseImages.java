package dev.labhand.image;

import dev.labhand.config.ConfigException;
import dev.labhand.config.YamlSection;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.workspace.WorkspaceTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The course images in {@code tools/images}: every folder holding an {@code image.yaml}, read strictly. An error
 * names the file and the key, as for templates and toolsets; the Dockerfile's ARGs and FROM must agree with the
 * declaration, so a build arg the YAML allows always reaches the Dockerfile and nothing undeclared does.
 */
public final class CourseImages {
    /** A tag: what Docker accepts after the colon. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern ARG_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");
    private static final Pattern DOCKER_VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private final Map<String, CourseImage> byName;

    private CourseImages(Map<String, CourseImage> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static CourseImages none() {
        return new CourseImages(Map.of());
    }

    /** Every {@code <dir>/<name>/image.yaml}; none when {@code dir} does not exist (a jar run without tools/). */
    public static CourseImages load(Path dir) {
        Map<String, CourseImage> found = new TreeMap<>();
        if (!Files.isDirectory(dir)) return new CourseImages(found);
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path yaml = folder.resolve("image.yaml");
                if (!Files.isRegularFile(yaml)) continue;
                CourseImage image = parse(YamlSection.load(yaml, name -> null).allowingOnly(Set.of(),
                        "a course image (image.yaml takes no environment variables)"), folder);
                found.put(image.name(), image);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + dir + ": " + e.getMessage());
        }
        return new CourseImages(found);
    }

    public Optional<CourseImage> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<CourseImage> all() {
        return byName.keySet().stream().sorted().map(byName::get).toList();
    }

    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    static CourseImage parse(YamlSection y, Path folder) {
        String expected = folder.getFileName().toString();
        String name = y.requiredString("name");
        if (!Param.NAME.matcher(name).matches()) throw y.error("name", "must be lower-case letters, digits and '-'");
        if (!name.equals(expected)) throw y.error("name", "must match the folder name '" + expected + "'");
        Map<Lang, String> description = description(y);
        String base = y.requiredString("base");
        String repository = y.requiredString("repository");
        if (!WorkspaceTemplates.IMAGE.matcher(repository).matches() || lastPart(repository).contains(":")) {
            throw y.error("repository", "must be an image name without a tag, not '" + repository + "'");
        }
        String tagScheme = y.requiredString("tag");
        boolean gpu = y.bool("gpu", false);
        String topic = y.string("topic", "");
        List<BuildArg> args = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (YamlSection a : y.sections("args")) {
            BuildArg arg = arg(a);
            if (!seen.add(arg.name())) throw a.error("name", "is declared twice: " + arg.name());
            args.add(arg);
        }
        Set<String> declared = Set.copyOf(seen);
        for (String placeholder : placeholders(tagScheme)) {
            if (!declared.contains(placeholder)) throw y.error("tag", "names {{" + placeholder + "}}, which is not a declared arg");
        }
        y.done();
        CourseImage image = new CourseImage(name, description, base, repository, tagScheme, gpu, topic, args, folder);
        String defaultTag = image.tagFor(image.withDefaults(Map.of()));
        if (!TAG.matcher(defaultTag).matches()) throw y.error("tag", "gives '" + defaultTag + "' with the defaults, which is not a valid tag");
        checkDockerfile(y, folder, image);
        return image;
    }

    private static Map<Lang, String> description(YamlSection y) {
        YamlSection d = y.section("description");
        Map<Lang, String> out = new EnumMap<>(Lang.class);
        out.put(Lang.KO, d.requiredString("ko"));
        out.put(Lang.EN, d.requiredString("en"));
        d.done();
        return out;
    }

    private static BuildArg arg(YamlSection a) {
        String argName = a.requiredString("name");
        if (!ARG_NAME.matcher(argName).matches()) throw a.error("name", "must be upper-case letters, digits and '_', not '" + argName + "'");
        Map<Lang, String> description = description(a);
        BuildArg.Type type = BuildArg.Type.valueOf(a.choice("type", "string", Set.of("string", "choice", "integer"))
                .toUpperCase(java.util.Locale.ROOT));
        String def = a.requiredString("default");
        Pattern pattern = null;
        List<String> choices = List.of();
        long min = 0;
        long max = 0;
        switch (type) {
            case STRING -> {
                String p = a.requiredString("pattern");
                try {
                    pattern = Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    throw a.error("pattern", "is not a regular expression: " + e.getDescription());
                }
            }
            case CHOICE -> {
                choices = a.strings("choices");
                if (choices.isEmpty()) throw a.error("choices", "is required for a choice");
            }
            case INTEGER -> {
                min = a.integer("min", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
                max = a.integer("max", Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
        }
        a.done();
        BuildArg arg = new BuildArg(argName, description, type, def, pattern, choices, min, max);
        for (String c : choices) {
            if (!BuildArg.SAFE.matcher(c).matches()) throw a.error("choices", "has '" + c + "', which holds characters a build arg may not");
        }
        if (arg.problem(def) != null) throw a.error("default", "'" + def + "' is not a value this arg accepts (" + arg.accepts() + ")");
        return arg;
    }

    /** The Dockerfile exists, its ARGs are exactly the declared args, and its first FROM is {@code base}. */
    private static void checkDockerfile(YamlSection y, Path folder, CourseImage image) {
        Path file = folder.resolve("Dockerfile");
        String where = file.toString();
        if (!Files.isRegularFile(file)) throw y.error("name", "has no Dockerfile beside it (" + where + ")");
        Dockerfiles.Parsed parsed;
        try {
            parsed = Dockerfiles.parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + where + ": " + e.getMessage());
        }
        for (BuildArg a : image.args()) {
            if (!parsed.args().containsKey(a.name())) {
                throw y.error("args", "declares " + a.name() + ", but " + where + " has no 'ARG " + a.name() + "'");
            }
        }
        for (String a : parsed.args().keySet()) {
            if (image.arg(a).isEmpty()) {
                throw new ConfigException(where + ": 'ARG " + a + "' is not declared under 'args' in "
                        + folder.resolve("image.yaml"));
            }
        }
        if (parsed.from() == null) throw new ConfigException(where + ": no FROM instruction");
        String from = DOCKER_VAR.matcher(parsed.from()).replaceAll("{{$1}}");
        if (!from.equals(image.base())) {
            throw y.error("base", "is '" + image.base() + "', but the first FROM of " + where + " is '" + parsed.from() + "'");
        }
    }

    private static List<String> placeholders(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String lastPart(String repository) {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }
}
