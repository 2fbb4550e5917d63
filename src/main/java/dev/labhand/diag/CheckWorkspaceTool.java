package dev.labhand.diag;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.workspace.WorkspaceService;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * {@code diag.check workspace:}: a checkup of one workspace with likely causes and fixes, in the
 * member's language. Learners check their own; instructors anyone's (the gateway's ownership rule).
 */
public final class CheckWorkspaceTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("diag.check", Risk.READ, Role.LEARNER, Param.workspace("workspace"))
            .withTimeout(Duration.ofSeconds(90)).answeredPrivately();
    private final WorkspaceService workspaces;
    private final WorkspaceCheckup checkup;

    public CheckWorkspaceTool(WorkspaceService workspaces) {
        this.workspaces = workspaces;
        this.checkup = new WorkspaceCheckup(workspaces);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        var r = workspaces.repository().byName(call.args().get("workspace")).orElseThrow();
        return Outcome.Done.of(report(r, call.lang()), "docker inspect lh-" + r.name());
    }

    /** The checkup of a named workspace, for answers about the asker's own workspace; empty when none. */
    public String reportFor(String workspace, dev.labhand.tool.Caller.Lang lang) {
        var r = workspaces.repository().byName(workspace);
        if (r.isEmpty()) return "";
        try {
            return report(r.get(), lang);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The checkup as text, also attached to answers about the asker's own workspace. */
    public String report(dev.labhand.store.WorkspaceRecord r, dev.labhand.tool.Caller.Lang lang) throws InterruptedException {
        String findings = checkup.check(r, lang).stream().map(f -> f.render(lang)).collect(Collectors.joining("\n"));
        return Messages.get(lang, "diag.check.header", "name", r.name(), "template", r.template()) + "\n" + findings;
    }
}
