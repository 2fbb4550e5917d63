package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.tool.UserError;

/**
 * {@code workspace.connect name:}: URLs plus the token or password. The secret is the owner's alone,
 * so unlike other workspace tools this one refuses instructors too.
 */
public final class ConnectWorkspaceTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("workspace.connect", Risk.READ, Role.LEARNER,
            Param.workspace("name")).answeredPrivately();
    private final WorkspaceService service;

    public ConnectWorkspaceTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var r = service.repository().byName(call.args().get("name")).orElseThrow();
        if (!r.ownerId().equals(call.caller().id())) {
            return new Outcome.Denied(Messages.get(call.lang(), "workspace.connect.owner-only", "name", r.name()));
        }
        var t = service.templates().find(r.template()).orElseThrow(() -> new UserError(
                Messages.get(call.lang(), "workspace.template-gone", "template", r.template())));
        String text = Messages.get(call.lang(), "workspace.connect.header", "name", r.name()) + "\n"
                + WorkspaceText.connection(service, t, r, call.lang());
        return new Outcome.Done(text, TeachingCommand.docker("port", WorkspaceText.container(r)), r.secret() != null);
    }
}
