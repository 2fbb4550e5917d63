package dev.labhand.workspace;

import java.util.List;
import java.util.Map;

/**
 * Exactly what one workspace container gets. Built once from a template and a workspace record;
 * {@link DockerEngine} creates the container from it and {@link TeachingCommand} prints the same
 * thing as a {@code docker run} line, so the two cannot drift apart.
 *
 * @param ports       container port to host port; empty when the host does not publish ports
 * @param binds       host directory to container path (all under the member's root)
 * @param secretValue the generated token or password, for {@code env}; masked when shown
 * @param shutdown    stop signal, grace and init; only what differs from Docker's defaults is set
 */
public record ContainerPlan(String containerName, String image, List<String> command, Map<String, String> env,
                            Map<String, String> labels, Map<Integer, Integer> ports, String publishAddress,
                            Map<String, String> binds, long memoryMb, double cpus, long pids, boolean gpu,
                            String network, String secretValue, WorkspaceTemplate.Shutdown shutdown) {

    /** A plan that stops as Docker does by default. */
    public ContainerPlan(String containerName, String image, List<String> command, Map<String, String> env,
                         Map<String, String> labels, Map<Integer, Integer> ports, String publishAddress,
                         Map<String, String> binds, long memoryMb, double cpus, long pids, boolean gpu,
                         String network, String secretValue) {
        this(containerName, image, command, env, labels, ports, publishAddress, binds, memoryMb, cpus, pids, gpu,
                network, secretValue, WorkspaceTemplate.Shutdown.DOCKER_DEFAULT);
    }

    public ContainerPlan {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        ports = Map.copyOf(ports);
        binds = Map.copyOf(binds);
        shutdown = shutdown == null ? WorkspaceTemplate.Shutdown.DOCKER_DEFAULT : shutdown;
    }
}
