package dev.labhand.diag;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.DockerEngine.ContainerDetails;
import dev.labhand.workspace.DockerEngine.ExecResult;
import dev.labhand.workspace.WorkspaceService;
import dev.labhand.workspace.WorkspaceTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at one workspace the way an instructor would when a learner says "it doesn't work": is the
 * container running (or was it killed for memory), did a GPU template get {@code --gpus all}, does the
 * host have the NVIDIA runtime and the image nvidia-smi, is each port published and listening, is the
 * container's disk or one of the template's volumes (mounted at its path) filling up. Each answer is a {@link Finding}; what fits the template is checked, nothing else.
 */
public final class WorkspaceCheckup {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    static final int DISK_WARNING_PERCENT = 90;
    /** A {@code df -P} line: its Capacity and its mount point (which may hold spaces). */
    private static final Pattern DF_LINE = Pattern.compile("^\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+(\\d{1,3})%\\s+(/.*?)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern TCP_LISTEN = Pattern.compile("^\\s*\\d+:\\s+[0-9A-Fa-f]+:([0-9A-Fa-f]{4})\\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\\s+0A\\s",
            Pattern.MULTILINE);

    private final WorkspaceService workspaces;

    public WorkspaceCheckup(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /** @param lang the language a failure to reach the workspace's host is explained in */
    public List<Finding> check(WorkspaceRecord r, Lang lang) throws InterruptedException {
        List<Finding> out = new ArrayList<>();
        DockerEngine engine = workspaces.engineFor(r, lang);
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
            if (c.running()) disk(engine, c, template.map(WorkspaceTemplate::volumes).orElse(List.of()), out);
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

    /** The container's root and each mounted workspace volume, asked in one {@code df}. */
    private void disk(DockerEngine engine, ContainerDetails c, List<WorkspaceTemplate.VolumeSpec> volumes, List<Finding> out)
            throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("df", "-P", "/"));
        volumes.forEach(v -> argv.add(v.path()));
        Map<String, Integer> use = diskUses(engine.exec(c.id(), argv, PROBE_TIMEOUT, 8000).output());
        Integer root = use.get("/");
        if (root != null && root >= DISK_WARNING_PERCENT) {
            out.add(new Finding(severity(root), "disk-full", "percent", root));
        }
        for (WorkspaceTemplate.VolumeSpec v : volumes) {
            Integer pct = use.get(v.path());
            if (pct != null && pct >= DISK_WARNING_PERCENT) {
                out.add(new Finding(severity(pct), "volume-full", "path", v.path(), "percent", pct));
            }
        }
    }

    private static Finding.Severity severity(int percent) {
        return percent >= 98 ? Finding.Severity.PROBLEM : Finding.Severity.WARNING;
    }

    /** Use% by mount point in {@code df -P} output. */
    static Map<String, Integer> diskUses(String dfOutput) {
        Map<String, Integer> use = new LinkedHashMap<>();
        Matcher m = DF_LINE.matcher(dfOutput);
        while (m.find()) use.putIfAbsent(m.group(2), Integer.parseInt(m.group(1)));
        return use;
    }

    /** The Use% of the root filesystem in {@code df -P /} output. */
    static Optional<Integer> diskUse(String dfOutput) {
        return Optional.ofNullable(diskUses(dfOutput).get("/"));
    }
}
