package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code image.list}: images on the engine, marking the ones templates use. */
public final class ListImagesTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.list", Risk.READ, Role.LEARNER);
    private final WorkspaceService service;

    public ListImagesTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        Set<String> used = service.templates().all().stream().map(WorkspaceTemplate::image).collect(Collectors.toSet());
        var images = service.engine().images();
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "image.list.header", "count", images.size()));
        for (var i : images) {
            String tags = i.tags().isEmpty() ? "<none>" : String.join(", ", i.tags());
            boolean template = i.tags().stream().anyMatch(used::contains);
            sb.append("\n- ").append(tags).append(" (").append(PullProgress.human(i.sizeBytes())).append(')')
                    .append(template ? " " + Messages.get(call.lang(), "image.list.template") : "");
        }
        return Outcome.Done.of(sb.toString(), TeachingCommand.docker("images"));
    }
}
