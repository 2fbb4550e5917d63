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
import java.time.Duration;

/**
 * {@code image.push image: registry: [host:]}: logs in to a configured registry with credentials from the
 * environment, tags the image for it and pushes (instructors). A registry not in labhand.yaml is refused.
 */
public final class PushImageTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.push", Risk.CHANGE, Role.INSTRUCTOR,
            Param.string("image", WorkspaceTemplates.IMAGE), Param.string("registry", Param.NAME),
            Param.host("host").optional(DockerHosts.LOCAL)).withTimeout(Duration.ofHours(1)).withCooldown();
    private final ImageService service;

    public PushImageTool(ImageService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        if (service.config().registry(args.get("registry")).isPresent()) return null;
        var names = service.config().registries().stream().map(r -> r.name()).toList();
        return new Outcome.Invalid(Messages.get(caller.locale(), "image.registry.unknown", "registry", args.get("registry"),
                "known", names.isEmpty() ? "-" : String.join(", ", names)));
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        var registry = service.config().registry(call.args().get("registry")).orElseThrow();
        String image = call.args().get("image");
        String target = service.push(image, registry, call.args().get("host"), call.lang(), call.progress());
        String login = "echo \"$" + registry.passwordEnv() + "\" | docker login " + registry.server() + " -u \"$"
                + registry.userEnv() + "\" --password-stdin";
        return Outcome.Done.of(Messages.get(call.lang(), "image.push.done", "image", image, "target", target,
                "registry", registry.name()),
                login + " && " + TeachingCommand.docker("tag", image, target) + " && " + TeachingCommand.docker("push", target));
    }
}
