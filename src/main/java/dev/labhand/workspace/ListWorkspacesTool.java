package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.List;

/** {@code workspace.list [owner:]}: a learner's own workspaces; instructors and admins see everyone's or one member's. */
public final class ListWorkspacesTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("workspace.list", Risk.READ, Role.LEARNER,
            Param.member("owner").optional(null)).answeredPrivately();
    private final WorkspaceService service;

    public ListWorkspacesTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var caller = call.caller();
        String owner = call.args().get("owner");
        if (owner == null && !caller.role().atLeast(Role.INSTRUCTOR)) owner = caller.id();
        boolean all = owner == null;
        List<WorkspaceRecord> rows = all ? service.repository().all() : service.repository().ownedBy(owner);
        String command = all
                ? TeachingCommand.docker("ps", "-a", "--filter", "label=" + Labels.WORKSPACE)
                : TeachingCommand.docker("ps", "-a", "--filter", "label=" + Labels.OWNER + "=" + owner);
        if (rows.isEmpty()) {
            return Outcome.Done.of(Messages.get(call.lang(), all ? "workspace.list.none-all" : "workspace.list.none"), command);
        }
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "workspace.list.header", "count", rows.size()));
        for (WorkspaceRecord r : rows) sb.append("\n- ").append(WorkspaceText.summary(service, r, call.lang()));
        return Outcome.Done.of(sb.toString(), command);
    }
}
