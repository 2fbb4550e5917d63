package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.CallsTools;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.Map;

/**
 * {@code workspace.restart name:}: {@code workspace.stop}, then {@code workspace.start}, each an ordinary call
 * through the gateway (checked and audited on its own row, as the same caller and origin), answered as one
 * reply. Who may restart is who may stop and start; like them it needs no confirmation. If the stop does not
 * finish, nothing is started and the stop's answer is the reply.
 */
public final class RestartWorkspaceTool implements CallsTools {
    /** Room for a stop's grace period and a start, each within its own tool's timeout. */
    private static final ToolSpec SPEC = ToolSpec.of("workspace.restart", Risk.CHANGE, Role.LEARNER,
            Param.workspace("name")).withTimeout(Duration.ofMinutes(3));

    private final WorkspaceService service;
    private volatile ToolGateway gateway;

    public RestartWorkspaceTool(WorkspaceService service) {
        this.service = service;
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
        ToolGateway g = gateway;
        if (g == null) throw new IllegalStateException("workspace.restart was registered without a gateway");
        String name = call.args().get("name");
        Map<String, String> args = Map.of("name", name);
        Outcome stopped = g.invoke(call.caller(), "workspace.stop", args, call.origin(), call.progress());
        if (!(stopped instanceof Outcome.Done)) return stopped;
        Outcome started = g.invoke(call.caller(), "workspace.start", args, call.origin(), call.progress());
        if (started instanceof Outcome.Failed f) {
            return new Outcome.Failed(Messages.get(call.lang(), "workspace.restart.not-started", "name", name,
                    "reason", f.text()), f.errorId());
        }
        if (!(started instanceof Outcome.Done)) return started;
        String container = service.repository().byName(name).map(WorkspaceText::container).orElse("lh-" + name);
        return Outcome.Done.of(Messages.get(call.lang(), "workspace.restarted", "name", name),
                TeachingCommand.docker("restart", container));
    }
}
