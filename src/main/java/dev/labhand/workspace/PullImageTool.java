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

/** {@code image.pull image: [host:]}: pulls an image ahead of a class, reporting progress (instructors). */
public final class PullImageTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.pull", Risk.CHANGE, Role.INSTRUCTOR,
            Param.string("image", WorkspaceTemplates.IMAGE), Param.host("host").optional(DockerHosts.LOCAL)).withTimeout(Duration.ofMinutes(90)).withCooldown();
    private final WorkspaceService service;

    public PullImageTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        String image = call.args().get("image");
        service.pull(service.engineOn(call.args().get("host"), call.lang()), image, call.lang(), call.progress());
        return Outcome.Done.of(Messages.get(call.lang(), "image.pull.done", "image", image),
                TeachingCommand.docker("pull", image));
    }
}
