package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;

/**
 * {@code workspace.stop name:}: stops the container with its template's stop signal and grace (a long grace is
 * announced as progress); files and the record stay.
 */
public final class StopWorkspaceTool implements Tool {
    /** Long enough for the longest stop grace a template may declare. */
    private static final ToolSpec SPEC = ToolSpec.of("workspace.stop", Risk.CHANGE, Role.LEARNER, Param.workspace("name"))
            .withTimeout(Duration.ofSeconds(WorkspaceTemplate.Shutdown.MAX_GRACE + 60));
    private final WorkspaceService service;

    public StopWorkspaceTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var r = service.repository().byName(call.args().get("name")).orElseThrow();
        service.stop(r, call.lang(), call.progress());
        return Outcome.Done.of(Messages.get(call.lang(), "workspace.stopped", "name", r.name()),
                TeachingCommand.docker("stop", WorkspaceText.container(r)));
    }
}
