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
import dev.labhand.workspace.ImageEngine;
import dev.labhand.workspace.TeachingCommand;
import dev.labhand.workspace.WorkspaceTemplates;

/**
 * {@code image.prune [host:]}: removes dangling images no container uses (confirmed; the question says how much
 * disk it frees).
 */
public final class PruneImagesTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.prune", Risk.DESTRUCTIVE, Role.INSTRUCTOR,
            Param.host("host").optional(DockerHosts.LOCAL));
    private final ImageService service;

    public PruneImagesTool(ImageService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        ImageEngine.PrunePlan plan;
        try {
            plan = service.engineOn(args.get("host"), caller.locale()).prunePlan();
        } catch (UserError hostDown) {
            return new Outcome.Failed(hostDown.getMessage(), "");
        }
        if (plan.images() > 0) return null;
        return new Outcome.Invalid(Messages.get(caller.locale(), "image.prune.nothing", "host", args.get("host")));
    }

    @Override
    public String confirmationDetail(Caller caller, Args args) {
        var plan = service.engineOn(args.get("host"), caller.locale()).prunePlan();
        return Messages.get(caller.locale(), "image.prune.plan", "count", plan.images(), "size", ImageText.human(plan.bytes()),
                "host", args.get("host"));
    }

    @Override
    public Outcome run(Invocation call) {
        long freed = service.engineOn(call.args().get("host"), call.lang()).prune();
        return Outcome.Done.of(Messages.get(call.lang(), "image.prune.done", "size", ImageText.human(freed),
                "host", call.args().get("host")), TeachingCommand.docker("image", "prune", "-f"));
    }
}
