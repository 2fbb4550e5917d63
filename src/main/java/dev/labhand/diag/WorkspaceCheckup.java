package dev.labhand.diag;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.DockerEngine.ContainerDetails;
import dev.labhand.workspace.DockerEngine.ExecResult;
import dev.labhand.workspace.WorkspaceService;
import dev.labhand.workspace.WorkspaceTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at one workspace the way an instructor would when a learner says "it doesn't work": is the
 * container running (or was it killed for memory), did a GPU template get {@code --gpus all}, does the
 * host have the NVIDIA runtime and the image nvidia-smi, is each port published and listening, is the
 * disk filling up. Each answer is a {@link Finding}; what fits the template is checked, nothing else.
 */
public final class WorkspaceCheckup {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    static final int DISK_WARNING_PERCENT = 90;
    private static final Pattern DF_USE = Pattern.compile("\\s(\\d{1,3})%\\s+/\\s*$", Pattern.MULTILINE);
    private static final Pattern TCP_LISTEN = Pattern.compile("^\\s*\\d+:\\s+[0-9A-Fa-f]+:([0-9A-Fa-f]{4})\\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\\s+0A\\s",
            Pattern.MULTILINE);

    private final WorkspaceService workspaces;

    public WorkspaceCheckup(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    public List<Finding> check(WorkspaceRecord r) throws InterruptedException {
        List<Finding> out = new ArrayList<>();
        DockerEngine engine = workspaces.engineFor(r, dev.labhand.tool.Caller.Lang.EN);
        Optional<ContainerDetails> found = r.containerId() == null ? Optional.empty() : engine.details(r.containerId());
        if (found.isEmpty()) {
            out.add(new Finding(Finding.Severity.PROBLEM, "container-missing", "name", r.name()));
            return out;
        }
        ContainerDetails c = found.get();
        Optional<WorkspaceTemplate> template = workspaces.templates().find(r.template());
        Optional<ContainerCondition> cannotRun = ContainerCondition.of(c);
        if (cannotRun.isPresent()) {
            out.add(cannotRun.get().finding(r.name(), c));
            // frozen or between restarts: nothing inside can be asked, and the rest would only add noise
            if (cannotRun.get() != ContainerCondition.STOPPED) return out;
        }
        try {
            if (template.isPresent() && template.get().gpu()) gpu(engine, c, out);
            if (template.isPresent()) ports(engine, c, template.get(), out);
            if (c.running()) disk(engine, c, out);
        } catch (DockerEngine.ContainerNotRunningException e) {
            // paused, restarting or stopped while being checked: the finding is that, not the probes
            Optional<ContainerDetails> now = engine.details(c.id());
            out.clear();
            if (now.isEmpty()) {
                out.add(new Finding(Finding.Severity.PROBLEM, "container-missing", "name", r.name()));
            } else {
                out.add(ContainerCondition.of(now.get()).orElse(ContainerCondition.STOPPED).finding(r.name(), now.get()));
            }
            return out;
        }
        if (out.isEmpty()) out.add(new Finding(Finding.Severity.OK, "all-good", "name", r.name()));
        return out;
    }

    private void gpu(DockerEngine engine, ContainerDetails c, List<Finding> out) throws InterruptedException {
        if (!c.gpuRequested()) out.add(new Finding(Finding.Severity.PROBLEM, "no-gpus-flag"));
        if (!engine.info().nvidiaRuntime()) out.add(new Finding(Finding.Severity.PROBLEM, "no-nvidia-runtime"));
        if (!c.running()) return;
        ExecResult smi = engine.exec(c.id(), List.of("nvidia-smi", "-L"), PROBE_TIMEOUT, 2000);
        if (smi.commandMissing()) {
            out.add(new Finding(Finding.Severity.PROBLEM, "no-nvidia-smi"));
        } else if (smi.exitCode() == null || smi.exitCode() != 0) {
            out.add(new Finding(Finding.Severity.PROBLEM, "gpu-not-visible"));
        }
    }

    private void ports(DockerEngine engine, ContainerDetails c, WorkspaceTemplate t, List<Finding> out) throws InterruptedException {
        Set<Integer> listening = c.running() ? listening(engine, c.id()) : Set.of();
        for (WorkspaceTemplate.PortSpec p : t.ports()) {
            if (!c.publishedPorts().contains(p.port())) {
                out.add(new Finding(Finding.Severity.PROBLEM, "port-not-published", "port", p.port(), "what", p.name(),
                        "network", c.networkMode()));
            }
            if (c.running() && !listening.contains(p.port())) {
                out.add(new Finding(Finding.Severity.PROBLEM, "port-not-listening", "port", p.port(), "what", p.name()));
            }
        }
    }

    private Set<Integer> listening(DockerEngine engine, String id) throws InterruptedException {
        ExecResult tcp = engine.exec(id, List.of("cat", "/proc/net/tcp", "/proc/net/tcp6"), PROBE_TIMEOUT, 64_000);
        return listeningPorts(tcp.output());
    }

    /** Ports in LISTEN state (0A) in /proc/net/tcp format. */
    static Set<Integer> listeningPorts(String procNetTcp) {
        Set<Integer> ports = new TreeSet<>();
        Matcher m = TCP_LISTEN.matcher(procNetTcp);
        while (m.find()) ports.add(Integer.parseInt(m.group(1), 16));
        return ports;
    }

    private void disk(DockerEngine engine, ContainerDetails c, List<Finding> out) throws InterruptedException {
        ExecResult df = engine.exec(c.id(), List.of("df", "-P", "/"), PROBE_TIMEOUT, 4000);
        diskUse(df.output()).filter(pct -> pct >= DISK_WARNING_PERCENT)
                .ifPresent(pct -> out.add(new Finding(pct >= 98 ? Finding.Severity.PROBLEM : Finding.Severity.WARNING,
                        "disk-full", "percent", pct)));
    }

    /** The Use% of the root filesystem in {@code df -P /} output. */
    static Optional<Integer> diskUse(String dfOutput) {
        Matcher m = DF_USE.matcher(dfOutput);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
