package dev.labhand.diag;

import dev.labhand.config.ConfigException;
import dev.labhand.config.YamlFiles;
import dev.labhand.config.YamlSection;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code tools/diagnostics/*.yaml} strictly: an unknown key or a bad value is an error naming
 * the file and the key; a placeholder that names no declared parameter is an error too. Parameters
 * are declared (type, pattern, choices, range), never inferred from the template.
 */
public final class ToolsetLoader {
    /** The toolsets shipped in tools/diagnostics and, as resources, inside the jar. */
    public static final List<String> BUILT_IN = List.of("gpu", "docker", "system", "python", "r", "network", "benchmark");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z][a-z0-9_]*)}}");
    private static final Pattern WHOLE_ARGUMENT = Pattern.compile("(--?[A-Za-z0-9_.-]+=)?\\{\\{[a-z][a-z0-9_]*}}");
    private static final Pattern EXECUTABLE = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    /** Names the runner fills itself: the workspace's container name. */
    static final Set<String> PROVIDED = Set.of("container");

    private ToolsetLoader() {}

    public static List<DeclaredTool> load(Path dir, Function<String, String> env) {
        List<DeclaredTool> out = new ArrayList<>();
        YamlFiles.load(dir, BUILT_IN, "diagnostics", env, ToolsetLoader::parse).forEach(out::addAll);
        Set<String> seen = new HashSet<>();
        for (DeclaredTool t : out) {
            if (!seen.add(t.toolName())) throw new ConfigException(t.source() + ": tool " + t.toolName() + " is declared twice");
        }
        return out;
    }

    static List<DeclaredTool> parse(YamlSection y, String fileStem) {
        String toolset = y.requiredString("toolset");
        if (!NAME.matcher(toolset).matches() || !toolset.equals(fileStem)) {
            throw y.error("toolset", "must be lower-case and match the file name '" + fileStem + "'");
        }
        Map<Lang, String> toolsetDescription = langs(y, "description");
        List<DeclaredTool> tools = new ArrayList<>();
        for (YamlSection t : y.sections("tools")) tools.add(tool(t, toolset, toolsetDescription, y.source()));
        if (tools.isEmpty()) throw y.error("tools", "must list at least one tool");
        y.done();
        return tools;
    }

    private static DeclaredTool tool(YamlSection t, String toolset, Map<Lang, String> toolsetDescription, String source) {
        String name = t.requiredString("name");
        if (!NAME.matcher(name).matches()) throw t.error("name", "must be lower-case letters, digits and '-'");
        Map<Lang, String> description = langs(t, "description");
        DeclaredTool.Where where = DeclaredTool.Where.valueOf(
                t.choice("runs", "workspace", Set.of("workspace", "host")).toUpperCase(Locale.ROOT));
        List<String> argv = t.strings("argv");
        if (argv.isEmpty()) throw t.error("argv", "must list the program and its arguments");
        if (!EXECUTABLE.matcher(argv.get(0)).matches() && !argv.get(0).startsWith("/")) {
            throw t.error("argv", "must start with a program name, not '" + argv.get(0) + "'");
        }
        List<Param> params = new ArrayList<>();
        Map<String, Map<Lang, String>> paramDescriptions = new LinkedHashMap<>();
        for (YamlSection p : t.sections("params")) {
            Param param = param(p);
            params.add(param);
            paramDescriptions.put(param.name(), langs(p, "description"));
            p.done();
        }
        Set<String> declared = new HashSet<>(PROVIDED);
        params.forEach(p -> declared.add(p.name()));
        Set<String> freeText = new HashSet<>();
        params.stream().filter(p -> p.type() == Param.Type.STRING).forEach(p -> freeText.add(p.name()));
        for (String element : argv) {
            Matcher m = PLACEHOLDER.matcher(element);
            while (m.find()) {
                if (!declared.contains(m.group(1))) {
                    throw t.error("argv", "uses {{" + m.group(1) + "}}, which is not a declared parameter");
                }
                // text may only stand as a whole argument (or --option={{x}}): never spliced into code or a sentence
                if (freeText.contains(m.group(1)) && !WHOLE_ARGUMENT.matcher(element).matches()) {
                    throw t.error("argv", "splices text parameter {{" + m.group(1) + "}} into '" + element
                            + "'; a text parameter must be a whole argument or --option={{" + m.group(1) + "}}");
                }
            }
        }
        Duration timeout = Duration.ofSeconds(t.integer("timeoutSeconds", 30, 1, 600));
        int limit = t.integer("outputLimit", 4000, 100, 100_000);
        List<String> requires = t.strings("requires");
        for (String r : requires) {
            if (!EXECUTABLE.matcher(r).matches()) throw t.error("requires", "names a bad program '" + r + "'");
        }
        Role defaultRole = where == DeclaredTool.Where.HOST ? Role.INSTRUCTOR : Role.LEARNER;
        Role role = Role.parse(t.choice("role", defaultRole.id(), Set.of("learner", "instructor", "admin")));
        t.done();
        return new DeclaredTool(toolset, toolsetDescription, name, description, where, argv, params, paramDescriptions, timeout, limit,
                requires, role, source);
    }

    private static Param param(YamlSection p) {
        String name = p.requiredString("name");
        if (!Pattern.compile("[a-z][a-z0-9_]*").matcher(name).matches() || PROVIDED.contains(name) || name.equals("workspace")) {
            throw p.error("name", "must be lower-case and not a reserved name (workspace, container)");
        }
        String type = p.choice("type", "string", Set.of("string", "integer", "choice"));
        Param param = switch (type) {
            case "integer" -> Param.integer(name, p.integer("min", 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                    p.integer("max", 100, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case "choice" -> {
                List<String> choices = p.strings("choices");
                if (choices.isEmpty()) throw p.error("choices", "must list the allowed values");
                yield Param.choice(name, choices);
            }
            default -> {
                String regex = p.requiredString("pattern");
                try {
                    yield Param.string(name, Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    throw p.error("pattern", "is not a valid regular expression");
                }
            }
        };
        String def = p.string("default", null);
        return def == null ? param : param.optional(def);
    }

    private static Map<Lang, String> langs(YamlSection y, String key) {
        YamlSection d = y.section(key);
        Map<Lang, String> out = new EnumMap<>(Lang.class);
        out.put(Lang.KO, d.requiredString("ko"));
        out.put(Lang.EN, d.requiredString("en"));
        d.done();
        return out;
    }
}
