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

/** {@code image.remove image: [host:]}: removes an image from a host; refused while a workspace uses it (confirmed). */
public final class RemoveImageTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.remove", Risk.DESTRUCTIVE, Role.INSTRUCTOR,
            Param.string("image", WorkspaceTemplates.IMAGE), Param.host("host").optional(DockerHosts.LOCAL));
    private final ImageService service;

    public RemoveImageTool(ImageService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        String image = args.get("image");
        String host = args.get("host");
        java.util.Optional<dev.labhand.workspace.ImageEngine.ImageDetails> found;
        try {
            found = service.engineOn(host, caller.locale()).inspect(image);
        } catch (UserError hostDown) {
            return new Outcome.Failed(hostDown.getMessage(), "");
        }
        if (found.isEmpty()) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "image.not-on-host", "image", image, "host", host));
        }
        var users = service.workspacesUsing(found.get(), host);
        if (!users.isEmpty()) {
            return new Outcome.Denied(Messages.get(caller.locale(), "image.remove.in-use", "image", image,
                    "workspaces", String.join(", ", users)));
        }
        if (!found.get().usedByContainers().isEmpty()) {
            return new Outcome.Denied(Messages.get(caller.locale(), "image.remove.in-use-containers", "image", image,
                    "count", found.get().usedByContainers().size()));
        }
        return null;
    }

    @Override
    public Outcome run(Invocation call) {
        String image = call.args().get("image");
        String host = call.args().get("host");
        try {
            if (!service.engineOn(host, call.lang()).remove(image)) {
                throw new UserError(Messages.get(call.lang(), "image.not-on-host", "image", image, "host", host));
            }
        } catch (IllegalStateException inUse) {
            throw new UserError(Messages.get(call.lang(), "image.remove.in-use-containers", "image", image, "count", 1), inUse);
        }
        return Outcome.Done.of(Messages.get(call.lang(), "image.remove.done", "image", image, "host", host),
                TeachingCommand.docker("image", "rm", image));
    }
}
