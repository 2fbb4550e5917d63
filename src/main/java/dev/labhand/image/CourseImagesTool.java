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

/** {@code image.courses}: the course images that can be built, with their build args and defaults (everyone). */
public final class CourseImagesTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("image.courses", Risk.READ, Role.LEARNER);
    private final ImageService service;

    public CourseImagesTool(ImageService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var all = service.images().all();
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "image.courses.header", "count", all.size()));
        for (CourseImage i : all) {
            sb.append("\n- **").append(i.name()).append("** ").append(i.description().get(call.lang()))
                    .append("\n  ").append(i.repository()).append(':').append(i.tagFor(i.withDefaults(java.util.Map.of())));
            for (BuildArg a : i.args()) {
                sb.append("\n  ").append(a.name()).append('=').append(a.defaultValue()).append("  (").append(a.accepts()).append(')');
            }
        }
        return Outcome.Done.of(sb.toString(), null);
    }
}
