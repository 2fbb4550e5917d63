package dev.labhand.image;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerHosts;
import dev.labhand.workspace.TeachingCommand;
import dev.labhand.workspace.WorkspaceTemplates;

/** {@code image.tag image: target: [host:]}: gives an image on a host another name (instructors). */
public final class TagImageTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.tag", Risk.CHANGE, Role.INSTRUCTOR,
            Param.string("image", WorkspaceTemplates.IMAGE), Param.string("target", WorkspaceTemplates.IMAGE),
            Param.host("host").optional(DockerHosts.LOCAL));
    private final ImageService service;

    public TagImageTool(ImageService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String image = call.args().get("image");
        String target = call.args().get("target");
        String host = call.args().get("host");
        var engine = service.engineOn(host, call.lang());
        if (engine.inspect(image).isEmpty()) {
            throw new UserError(Messages.get(call.lang(), "image.not-on-host", "image", image, "host", host));
        }
        int colon = target.lastIndexOf(':');
        boolean tagged = colon > target.lastIndexOf('/');
        engine.tag(image, tagged ? target.substring(0, colon) : target, tagged ? target.substring(colon + 1) : "latest");
        return Outcome.Done.of(Messages.get(call.lang(), "image.tag.done", "image", image, "target", target),
                TeachingCommand.docker("tag", image, target));
    }
}
