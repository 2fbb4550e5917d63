package dev.labhand.ops.warmup;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.CallsTools;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.ToolSpec;
import dev.labhand.vm.VmService;
import dev.labhand.vm.VmState;
import dev.labhand.workspace.WorkspaceService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code class.end} (instructors, confirmed): stops every running workspace ({@code workspace.stop}, files kept)
 * and then deallocates every running course VM ({@code vm.deallocate}), each an ordinary call through the gateway
 * as the instructor, audited on its own row. What could not be done is named in the answer.
 */
public final class EndClassTool implements CallsTools {
    private static final ToolSpec SPEC = ToolSpec.of("class.end", Risk.DESTRUCTIVE, Role.INSTRUCTOR)
            .withTimeout(Duration.ofMinutes(30));
    private final WorkspaceService workspaces;
    private final VmService vms;
    private volatile ToolGateway gateway;

    public EndClassTool(WorkspaceService workspaces, VmService vms) {
        this.workspaces = workspaces;
        this.vms = vms;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public void useGateway(ToolGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Outcome run(Invocation call) {
        int stopped = 0;
        int deallocated = 0;
        List<String> failed = new ArrayList<>();
        for (WorkspaceRecord r : workspaces.repository().all()) {
            if (r.status() != WorkspaceRecord.Status.RUNNING) continue;
            Outcome o = gateway.invoke(call.caller(), "workspace.stop", Map.of("name", r.name()), call.origin(), call.progress());
            if (o instanceof Outcome.Done) stopped++;
            else failed.add(r.name());
        }
        for (HostRecord h : vms.hosts().all()) {
            if (!h.isVm() || !VmState.RUNNING.id().equals(h.state())) continue;
            Outcome o = gateway.invoke(call.caller(), "vm.deallocate", Map.of("name", h.name()), call.origin(), call.progress());
            if (o instanceof Outcome.Done) deallocated++;
            else failed.add(h.name());
        }
        String text = Messages.get(call.lang(), "class.end.done", "workspaces", stopped, "vms", deallocated);
        if (!failed.isEmpty()) text += "\n" + Messages.get(call.lang(), "class.end.failed", "names", String.join(", ", failed));
        return Outcome.Done.of(text, null);
    }
}
