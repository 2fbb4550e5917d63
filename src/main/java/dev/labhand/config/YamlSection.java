package dev.labhand.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A strict view of one YAML mapping: every key must be read, so {@link #done()} reports the first key
 * nobody asked for, naming the file and the key's full path. Strings get {@code ${ENV}} and
 * {@code ${ENV:-default}} substitution from the environment.
 */
public final class YamlSection {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?}");

    private final String source;
    private final String path;
    private final Map<String, Object> values;
    private final Function<String, String> env;
    private final Variables variables;
    private final Unset unset;
    private final Set<String> read = new HashSet<>();

    /** A key whose {@code ${VAR}} was not set, read as the key's default because the caller does not need it. */
    public record Unresolved(String key, String variable) {}

    /**
     * What an unset {@code ${VAR}} does: an error (always, unless {@link #resolvingOnly} says otherwise), or, for a
     * key the caller does not need, the key's default, noted in {@code skipped}.
     */
    private record Unset(Predicate<String> mustResolve, List<Unresolved> skipped) {
        static final Unset FAIL = new Unset(key -> true, List.of());
    }

    /** Which {@code ${VAR}} names a file may use, and the setting that says so (named in the error). */
    private record Variables(Set<String> allowed, String setting) {
        static final Variables ANY = new Variables(null, "");

        boolean allows(String name) {
            return allowed == null || allowed.contains(name);
        }
    }

    private YamlSection(String source, String path, Map<String, Object> values, Function<String, String> env) {
        this(source, path, values, env, Variables.ANY, Unset.FAIL);
    }

    private YamlSection(String source, String path, Map<String, Object> values, Function<String, String> env,
                        Variables variables, Unset unset) {
        this.source = source;
        this.path = path;
        this.values = values;
        this.env = env;
        this.variables = variables;
        this.unset = unset;
    }

    /** A child of this section: same file, same rules for variables. */
    private YamlSection child(String childPath, Map<String, Object> childValues) {
        return new YamlSection(source, childPath, childValues, env, variables, unset);
    }

    /**
     * This section (not yet read) with {@code ${VAR}} limited to {@code allowed}, here and below: any other
     * variable, even with a default, is an error naming the key and {@code setting} (where to allow it).
     */
    public YamlSection allowingOnly(Set<String> allowed, String setting) {
        if (!read.isEmpty()) throw new IllegalStateException("restrict variables before reading " + source);
        return new YamlSection(source, path, values, env, new Variables(Set.copyOf(allowed), setting), unset);
    }

    /**
     * This section (not yet read) for a caller that needs only some keys: a {@code ${VAR}} that is not set is
     * still an error in a key (dotted path) {@code mustResolve} accepts; anywhere else the key reads as its
     * default and is added to {@code skipped}.
     */
    public YamlSection resolvingOnly(Predicate<String> mustResolve, List<Unresolved> skipped) {
        if (!read.isEmpty()) throw new IllegalStateException("choose what must resolve before reading " + source);
        return new YamlSection(source, path, values, env, variables, new Unset(mustResolve, skipped));
    }

    public static YamlSection load(Path file, Function<String, String> env) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in, env);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static YamlSection parse(String source, InputStream in, Function<String, String> env) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (RuntimeException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) root = Map.of();
        if (!(root instanceof Map<?, ?> m)) throw new ConfigException(source + ": the top level must be a mapping");
        return new YamlSection(source, "", cast(m, source, ""), env);
    }

    public static YamlSection empty(String source) {
        return new YamlSection(source, "", Map.of(), name -> null);
    }

    public String source() {
        return source;
    }

    public String string(String key, String fallback) {
        Object v = take(key);
        if (v == null) return fallback;
        if (v instanceof Map || v instanceof List) throw error(key, "must be a single value");
        String text = substitute(key, String.valueOf(v));
        return text == null ? fallback : text;
    }

    public String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) throw error(key, "is required");
        return v;
    }

    public int integer(String key, int fallback, int min, int max) {
        Object v = take(key);
        if (v == null) return fallback;
        int n;
        String text = v instanceof Number ? null : substitute(key, String.valueOf(v));
        if (!(v instanceof Number) && text == null) return fallback;
        try {
            n = v instanceof Number num ? num.intValue() : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw error(key, "must be a whole number, not '" + v + "'");
        }
        if (n < min || n > max) throw error(key, "must be between " + min + " and " + max + ", not " + n);
        return n;
    }

    public double decimal(String key, double fallback, double min, double max) {
        Object v = take(key);
        if (v == null) return fallback;
        double d;
        try {
            d = v instanceof Number num ? num.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw error(key, "must be a number, not '" + v + "'");
        }
        if (d < min || d > max) throw error(key, "must be between " + min + " and " + max + ", not " + d);
        return d;
    }

    public boolean bool(String key, boolean fallback) {
        Object v = take(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        String text = substitute(key, String.valueOf(v));
        if (text == null) return fallback;
        String s = text.trim();
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw error(key, "must be true or false, not '" + v + "'");
    }

    public String choice(String key, String fallback, Set<String> allowed) {
        String v = string(key, fallback);
        if (v != null && !allowed.contains(v)) throw error(key, "must be one of " + allowed + ", not '" + v + "'");
        return v;
    }

    public List<String> strings(String key) {
        Object v = take(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw error(key, "must be a list");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map || o instanceof List) throw error(key, "must be a list of single values");
            String text = substitute(key, String.valueOf(o));
            if (text != null) out.add(text);
        }
        return out;
    }

    public Map<String, String> stringMap(String key) {
        YamlSection s = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : s.values.keySet()) out.put(k, s.string(k, ""));
        return out;
    }

    /** Whether the file sets {@code key} here (to tell "not written" from "written empty"). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The keys of this section, in file order (a mapping of names to settings, such as storage locations). */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    public YamlSection section(String key) {
        Object v = take(key);
        if (v == null) return child(child(key), Map.of());
        if (!(v instanceof Map<?, ?> m)) throw error(key, "must be a mapping");
        return child(child(key), cast(m, source, child(key)));
    }

    public List<YamlSection> sections(String key) {
        Object v = take(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw error(key, "must be a list");
        List<YamlSection> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = child(key) + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) throw new ConfigException(source + ": '" + p + "' must be a mapping");
            out.add(child(p, cast(m, source, p)));
        }
        return out;
    }

    /** Fails on the first key that was never read: a typo or a setting this version does not know. */
    public void done() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw new ConfigException(source + ": unknown key '" + child(key) + "'");
            }
        }
    }

    public ConfigException error(String key, String problem) {
        return new ConfigException(source + ": '" + child(key) + "' " + problem);
    }

    private Object take(String key) {
        read.add(key);
        return values.get(key);
    }

    /** {@code text} with its variables filled in; null when one is unset in a key the caller does not need. */
    private String substitute(String key, String text) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!variables.allows(m.group(1))) {
                throw error(key, "names the environment variable " + m.group(1) + ", which " + variables.setting()
                        + " does not allow (allowed: " + new java.util.TreeSet<>(variables.allowed()) + ")");
            }
            String value = env.apply(m.group(1));
            if (value == null) value = m.group(2);
            if (value == null && !unset.mustResolve().test(child(key))) {
                unset.skipped().add(new Unresolved(child(key), m.group(1)));
                return null;
            }
            if (value == null) throw error(key, "needs the environment variable " + m.group(1) + ", which is not set");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Map<String, Object> cast(Map<?, ?> m, String source, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!(k instanceof String s)) throw new ConfigException(source + ": key '" + k + "' under '" + path + "' must be text");
            out.put(s, v);
        });
        return out;
    }
}
