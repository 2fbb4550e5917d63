package dev.labhand.workspace;

import dev.labhand.tool.Caller.Lang;
import java.util.List;
import java.util.Map;

/**
 * A kind of workspace learners can ask for, from {@code config/templates/<name>.yaml}. Everything a
 * container gets comes from here: learners choose a template and a name, never an image, a path or a
 * privilege.
 *
 * @param command  argv; {@code {{secret}}} is replaced by the workspace's generated token or password
 * @param env      environment; values may use {@code {{secret}}}
 * @param shutdown how the container is stopped
 * @param idle     when an unused workspace is stopped (the idle culler)
 */
public record WorkspaceTemplate(String name, Map<Lang, String> description, String image, List<String> command,
                                List<PortSpec> ports, Map<String, String> env, List<VolumeSpec> volumes,
                                Limits limits, boolean gpu, SecretKind secret, Map<String, String> labels,
                                String topic, Shutdown shutdown, Idle idle) {

    /** A port the workspace serves; {@code url} may use {{host}}, {{port}} (the host port) and {{secret}}. */
    public record PortSpec(int port, String name, String url) {}

    /** A directory kept under the member's root and mounted at {@code path} in the container. */
    public record VolumeSpec(String name, String path) {}

    /** The most a workspace of this template may use; learners may ask for less, never more. */
    public record Limits(long memoryMb, double cpus, long pids) {}

    /**
     * How the workspace's container stops. A program running as PID 1 gets no default signal handlers, so one
     * that installs none (busybox httpd, {@code sleep}) ignores SIGTERM and is killed only when the grace ends;
     * an init ({@code docker run --init}) runs as PID 1 instead and passes the signal on.
     *
     * @param signal       the stop signal ({@code --stop-signal}), e.g. SIGTERM; null: the image's (SIGTERM)
     * @param graceSeconds how long a stop waits before SIGKILL ({@code --stop-timeout}, {@code docker stop -t})
     * @param init         run an init as PID 1 ({@code --init})
     */
    public record Shutdown(String signal, int graceSeconds, boolean init) {
        /** Docker's own defaults: the image's signal, 10 s, no init. */
        public static final Shutdown DOCKER_DEFAULT = new Shutdown(null, 10, false);
        /** The stop signals a template may name. */
        public static final java.util.Set<String> SIGNALS = java.util.Set.of("SIGTERM", "SIGINT", "SIGQUIT",
                "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGPWR", "SIGKILL");
        /** Stop grace in seconds: at least 1, at most 5 minutes. */
        public static final int MIN_GRACE = 1;
        public static final int MAX_GRACE = 300;
    }

    /**
     * When a workspace of this template counts as unused and what then happens ({@code idle:} in the template).
     * A workspace is in use while its IDE reports activity, or its CPU or GPU works; one unused for
     * {@code minutes} is stopped (files kept), after its owner was warned {@code warnMinutes} before.
     *
     * @param minutes     0: never stopped for being idle
     * @param warnMinutes how long before the stop the owner is warned (less than {@code minutes})
     * @param action      what is done: {@code stop}
     * @param cpuPercent  CPU use (percent of one CPU) at or above which the workspace counts as computing
     * @param gpuPercent  GPU utilisation (percent, any GPU) at or above which it counts as computing
     */
    public record Idle(int minutes, int warnMinutes, String action, int cpuPercent, int gpuPercent) {
        /** No idle stop: what a template without an {@code idle:} section gets. */
        public static final Idle NEVER = new Idle(0, 0, "stop", 10, 10);
        /** The actions a template may name. */
        public static final java.util.Set<String> ACTIONS = java.util.Set.of("stop");

        public boolean enabled() {
            return minutes > 0;
        }
    }

    /** What the workspace generates to protect its web UI. */
    public enum SecretKind { NONE, TOKEN, PASSWORD }

    public WorkspaceTemplate {
        description = Map.copyOf(description);
        command = List.copyOf(command);
        ports = List.copyOf(ports);
        env = Map.copyOf(env);
        volumes = List.copyOf(volumes);
        labels = Map.copyOf(labels);
    }

    public String description(Lang lang) {
        return description.getOrDefault(lang, description.getOrDefault(Lang.EN, name));
    }
}
