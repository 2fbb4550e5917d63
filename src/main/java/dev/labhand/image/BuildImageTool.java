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
import java.util.regex.Pattern;

/**
 * {@code image.build name: [args:] [tag:] [host:] [fresh:]}: builds a course image from its declared context on a
 * host's engine, with build args checked against its image.yaml (instructors).
 */
public final class BuildImageTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.build", Risk.CHANGE, Role.INSTRUCTOR,
            Param.string("name", Param.NAME),
            Param.string("args", BuildArgsInput.SYNTAX).optional(""),
            Param.string("tag", CourseImages.TAG).optional(""),
            Param.host("host").optional(DockerHosts.LOCAL),
            Param.bool("fresh")).withTimeout(Duration.ofHours(2)).withCooldown();
    private final ImageService service;

    public BuildImageTool(ImageService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        var plan = service.plan(args.get("name"), args.get("args"), args.get("tag"), caller.locale());
        return plan.problem() == null ? null : new Outcome.Invalid(plan.problem());
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        var plan = service.plan(call.args().get("name"), call.args().get("args"), call.args().get("tag"), call.lang()).plan();
        var built = service.build(plan, call.args().get("host"), call.args().flag("fresh"), call.lang(), call.progress());
        return Outcome.Done.of(Messages.get(call.lang(), "image.build.done", "image", plan.reference(),
                "host", call.args().get("host"), "size", ImageText.human(built.sizeBytes()), "layers", built.layers()),
                plan.teachingCommand());
    }
}
