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
 */
public record WorkspaceTemplate(String name, Map<Lang, String> description, String image, List<String> command,
                                List<PortSpec> ports, Map<String, String> env, List<VolumeSpec> volumes,
                                Limits limits, boolean gpu, SecretKind secret, Map<String, String> labels,
                                String topic) {

    /** A port the workspace serves; {@code url} may use {{host}}, {{port}} (the host port) and {{secret}}. */
    public record PortSpec(int port, String name, String url) {}

    /** A directory kept under the member's root and mounted at {@code path} in the container. */
    public record VolumeSpec(String name, String path) {}

    /** The most a workspace of this template may use; learners may ask for less, never more. */
    public record Limits(long memoryMb, double cpus, long pids) {}

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
