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

/** {@code image.history image: [host:]}: an image's layers and their sizes, biggest first: why it is big (everyone). */
public final class ImageHistoryTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.history", Risk.READ, Role.LEARNER,
            Param.string("image", WorkspaceTemplates.IMAGE), Param.host("host").optional(DockerHosts.LOCAL));
    private static final int SHOWN = 12;
    private final ImageService service;

    public ImageHistoryTool(ImageService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String image = call.args().get("image");
        String host = call.args().get("host");
        var engine = service.engineOn(host, call.lang());
        var details = engine.inspect(image).orElseThrow(() ->
                new UserError(Messages.get(call.lang(), "image.not-on-host", "image", image, "host", host)));
        var layers = engine.history(image);
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "image.history.header", "image", image,
                "size", ImageText.human(details.sizeBytes()), "layers", layers.size()));
        layers.stream().sorted((a, b) -> Long.compare(b.sizeBytes(), a.sizeBytes())).limit(SHOWN).forEach(l ->
                sb.append("\n- ").append(ImageText.human(l.sizeBytes())).append("  ").append(ImageText.instruction(l.createdBy())));
        return Outcome.Done.of(sb.toString(), TeachingCommand.docker("history", image));
    }
}
