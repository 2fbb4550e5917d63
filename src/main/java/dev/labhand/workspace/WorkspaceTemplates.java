package dev.labhand.workspace;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import dev.labhand.config.YamlFiles;
import dev.labhand.config.YamlSection;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.workspace.WorkspaceTemplate.Limits;
import dev.labhand.workspace.WorkspaceTemplate.PortSpec;
import dev.labhand.workspace.WorkspaceTemplate.SecretKind;
import dev.labhand.workspace.WorkspaceTemplate.VolumeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The workspace templates, loaded strictly from a directory, or the built-in set inside the jar. */
public final class WorkspaceTemplates {
    /** The templates shipped in {@code config/templates} and, as resources, inside the jar. */
    public static final List<String> BUILT_IN = List.of(
            "python-gpu", "python-cpu", "r-rstudio", "r-rstudio-cpu", "pyspark", "pyspark-cpu", "starter-cpu");

    /** An image reference by name and tag (no digest): what templates, pulls and course images accept. */
    public static final Pattern IMAGE = Pattern.compile(
            "(?:[a-z0-9.-]+(?::[0-9]{1,5})?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");
    private static final Pattern MEMORY = Pattern.compile("([0-9]+)([mMgG])");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CONTAINER_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /**
     * What the configuration lets templates do: which {@code ${VAR}} they may name, and the largest limits.
     *
     * @param env         environment variables a template may use (workspaces.templateEnv)
     * @param maxMemoryGb workspaces.maxMemoryGb
     * @param maxCpus     workspaces.maxCpus
     * @param maxPids     workspaces.maxPids
     */
    public record Rules(Set<String> env, int maxMemoryGb, int maxCpus, int maxPids) {
        /** The configuration's defaults: no variables, 256 GB, 64 CPUs, 4096 processes. */
        public static final Rules DEFAULT = of(LabhandConfig.defaults().workspaces());

        public Rules {
            env = Set.copyOf(env);
        }

        public static Rules of(LabhandConfig.Workspaces w) {
            return new Rules(Set.copyOf(w.templateEnv()), w.maxMemoryGb(), w.maxCpus(), w.maxPids());
        }
    }

    private final Map<String, WorkspaceTemplate> byName;

    /** Whether {@code text} is an image reference a template or a pull may name. */
    public static boolean isImage(String text) {
        return IMAGE.matcher(text).matches();
    }

    private WorkspaceTemplates(Map<String, WorkspaceTemplate> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The configured templates under the configured rules. */
    public static WorkspaceTemplates load(LabhandConfig.Workspaces config, Function<String, String> env) {
        return load(config.templates(), env, Rules.of(config));
    }

    /** From {@code dir} when it exists, else the built-in templates, under the default rules. */
    public static WorkspaceTemplates load(Path dir, Function<String, String> env) {
        return load(dir, env, Rules.DEFAULT);
    }

    /** From {@code dir} when it exists, else the built-in templates; a template breaking {@code rules} is an error. */
    public static WorkspaceTemplates load(Path dir, Function<String, String> env, Rules rules) {
        Map<String, WorkspaceTemplate> found = new TreeMap<>();
        for (WorkspaceTemplate t : YamlFiles.load(dir, BUILT_IN, "templates", env,
                (y, stem) -> parse(y.allowingOnly(rules.env(), "workspaces.templateEnv"), stem, rules))) {
            found.put(t.name(), t);
        }
        if (found.isEmpty()) throw new ConfigException(dir + ": no workspace templates (*.yaml) found");
        return new WorkspaceTemplates(found);
    }

    public Optional<WorkspaceTemplate> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    public List<WorkspaceTemplate> all() {
        return names().stream().map(byName::get).toList();
    }

    static WorkspaceTemplate parse(YamlSection y, String expectedName, Rules rules) {
        String name = y.requiredString("name");
        if (!Param.NAME.matcher(name).matches()) throw y.error("name", "must be lower-case letters, digits and '-'");
        if (!name.equals(expectedName)) throw y.error("name", "must match the file name '" + expectedName + "'");

        YamlSection d = y.section("description");
        Map<Lang, String> description = new EnumMap<>(Lang.class);
        description.put(Lang.KO, d.requiredString("ko"));
        description.put(Lang.EN, d.requiredString("en"));
        d.done();

        String image = y.requiredString("image");
        if (!IMAGE.matcher(image).matches()) throw y.error("image", "is not an image reference: '" + image + "'");
        List<String> command = y.strings("command");

        List<PortSpec> ports = new ArrayList<>();
        Set<Integer> seenPorts = new HashSet<>();
        for (YamlSection p : y.sections("ports")) {
            int port = p.integer("port", 0, 1, 65535);
            if (port == 0) throw p.error("port", "is required");
            if (!seenPorts.add(port)) throw p.error("port", "is listed twice: " + port);
            String portName = p.requiredString("name");
            if (!LABEL.matcher(portName).matches()) throw p.error("name", "must be lower-case letters, digits and '-'");
            ports.add(new PortSpec(port, portName, p.string("url", "http://{{host}}:{{port}}/")));
            p.done();
        }

        Map<String, String> env = y.stringMap("env");
        for (String k : env.keySet()) {
            if (!ENV_NAME.matcher(k).matches()) throw y.error("env", "has a bad variable name '" + k + "'");
        }

        List<VolumeSpec> volumes = new ArrayList<>();
        for (YamlSection v : y.sections("volumes")) {
            String vName = v.requiredString("name");
            if (!LABEL.matcher(vName).matches()) throw v.error("name", "must be lower-case letters, digits and '-'");
            String path = v.requiredString("path");
            if (!CONTAINER_PATH.matcher(path).matches() || path.contains("..") || path.equals("/")) {
                throw v.error("path", "must be an absolute path inside the container, not '" + path + "'");
            }
            volumes.add(new VolumeSpec(vName, path));
            v.done();
        }

        YamlSection l = y.section("limits");
        Limits limits = new Limits(memoryMb(l, l.string("memory", "4g"), rules.maxMemoryGb()),
                cpus(l, l.decimal("cpus", 2, 0.1, 1024), rules.maxCpus()),
                pids(l, l.integer("pids", 1024, 16, Integer.MAX_VALUE), rules.maxPids()));
        l.done();

        boolean gpu = y.bool("gpu", false);
        SecretKind secret = SecretKind.valueOf(
                y.choice("secret", "none", Set.of("none", "token", "password")).toUpperCase(Locale.ROOT));
        Map<String, String> labels = y.stringMap("labels");
        for (String k : labels.keySet()) {
            if (!LABEL.matcher(k).matches() || k.startsWith("labhand.")) {
                throw y.error("labels", "has a label '" + k + "' that is malformed or reserved (labhand.*)");
            }
        }
        String topic = y.string("topic", "");
        WorkspaceTemplate.Shutdown shutdown = shutdown(y);
        WorkspaceTemplate.Idle idle = idle(y.section("idle"));
        y.done();
        return new WorkspaceTemplate(name, description, image, command, ports, env, volumes, limits, gpu, secret,
                labels, topic, shutdown, idle);
    }

    /** stopSignal (a known signal, SIG prefix optional), stopGraceSeconds (1..300, default 10), init (default false). */
    private static WorkspaceTemplate.Shutdown shutdown(YamlSection y) {
        String signal = y.string("stopSignal", null);
        if (signal != null) {
            String named = signal.trim().toUpperCase(Locale.ROOT);
            named = named.startsWith("SIG") ? named : "SIG" + named;
            if (!WorkspaceTemplate.Shutdown.SIGNALS.contains(named)) {
                throw y.error("stopSignal", "must be one of " + new java.util.TreeSet<>(WorkspaceTemplate.Shutdown.SIGNALS)
                        + ", not '" + signal + "'");
            }
            signal = named;
        }
        int grace = y.integer("stopGraceSeconds", WorkspaceTemplate.Shutdown.DOCKER_DEFAULT.graceSeconds(),
                WorkspaceTemplate.Shutdown.MIN_GRACE, WorkspaceTemplate.Shutdown.MAX_GRACE);
        return new WorkspaceTemplate.Shutdown(signal, grace, y.bool("init", false));
    }

    /**
     * {@code idle:} minutes (0..10080, 0 or absent: never), warnMinutes (1..minutes-1, default 10 or less),
     * action (stop), cpuPercent and gpuPercent (1..10000 and 1..100, default 10).
     */
    private static WorkspaceTemplate.Idle idle(YamlSection i) {
        int minutes = i.integer("minutes", 0, 0, 7 * 24 * 60);
        int warn = i.integer("warnMinutes", Math.min(10, Math.max(0, minutes - 1)), 0, 7 * 24 * 60);
        if (minutes > 0 && (warn < 1 || warn >= minutes)) {
            throw i.error("warnMinutes", "must be at least 1 and less than idle.minutes (" + minutes + "), not " + warn);
        }
        String action = i.choice("action", "stop", WorkspaceTemplate.Idle.ACTIONS);
        int cpu = i.integer("cpuPercent", 10, 1, 10_000);
        int gpu = i.integer("gpuPercent", 10, 1, 100);
        i.done();
        return minutes == 0 ? WorkspaceTemplate.Idle.NEVER : new WorkspaceTemplate.Idle(minutes, warn, action, cpu, gpu);
    }

    private static long memoryMb(YamlSection l, String text, int maxGb) {
        var m = MEMORY.matcher(text.trim());
        if (!m.matches()) throw l.error("memory", "must look like 512m or 8g, not '" + text + "'");
        long maxMb = maxGb * 1024L;
        String tooMuch = "must be at most " + maxGb + "g (workspaces.maxMemoryGb), not " + text.trim();
        if (m.group(1).length() > 12) throw l.error("memory", tooMuch);
        long n = Long.parseLong(m.group(1));
        long mb = m.group(2).equalsIgnoreCase("g") ? n * 1024 : n;
        if (mb < 64) throw l.error("memory", "must be at least 64m");
        if (mb > maxMb) throw l.error("memory", tooMuch);
        return mb;
    }

    private static double cpus(YamlSection l, double cpus, int max) {
        if (cpus > max) throw l.error("cpus", "must be at most " + max + " (workspaces.maxCpus), not " + cpus);
        return cpus;
    }

    private static int pids(YamlSection l, int pids, int max) {
        if (pids > max) throw l.error("pids", "must be at most " + max + " (workspaces.maxPids), not " + pids);
        return pids;
    }
}
