package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;

/**
 * {@code workspace.create template: name: [memory:] [cpus:] [host:]}: a new workspace from a template, started,
 * on the bot's own engine or a host the member is assigned to.
 */
public final class CreateWorkspaceTool implements Tool {
    private final WorkspaceService service;
    private final int maxPerLearner;
    private final String notesUrl;
    private final ToolSpec spec;

    /** @param notesUrl where course topics live ({@code <notesUrl><topic>}); empty to name topics only */
    public CreateWorkspaceTool(WorkspaceService service, int maxPerLearner, String notesUrl) {
        this.service = service;
        this.maxPerLearner = maxPerLearner;
        this.notesUrl = notesUrl;
        this.spec = ToolSpec.of("workspace.create", Risk.CHANGE, Role.LEARNER,
                        Param.choice("template", service.templates().names()).suggestedFromState(),
                        Param.string("name", Param.NAME),
                        Param.integer("memory", 1, 1024).optional(null),
                        Param.integer("cpus", 1, 128).optional(null),
                        Param.host("host").optional(DockerHosts.LOCAL))
                .withTimeout(Duration.ofMinutes(60)).answeredPrivately().withCooldown();
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    /** A GPU workspace keeps a GPU VM busy: over budget, a learner may not make one. */
    @Override
    public boolean spendsBudget(dev.labhand.tool.Args args) {
        return service.templates().find(args.get("template")).map(WorkspaceTemplate::gpu).orElse(false);
    }

    @Override
    public Outcome run(Invocation call) throws Exception {
        Caller caller = call.caller();
        var lang = call.lang();
        WorkspaceTemplate t = service.templates().find(call.args().get("template")).orElseThrow();
        if (caller.role() == Role.LEARNER && service.repository().ownedBy(caller.id()).size() >= maxPerLearner) {
            return new Outcome.Denied(Messages.get(lang, "workspace.quota", "max", maxPerLearner));
        }
        long memoryMb = call.args().get("memory") == null ? t.limits().memoryMb() : call.args().integer("memory", 0) * 1024L;
        if (memoryMb > t.limits().memoryMb()) {
            long max = t.limits().memoryMb();
            return new Outcome.Invalid(Messages.get(lang, "workspace.limit.memory", "template", t.name(),
                    "max", max % 1024 == 0 ? max / 1024 + " GB" : max + " MB"));
        }
        double cpus = call.args().get("cpus") == null ? t.limits().cpus() : call.args().integer("cpus", 0);
        if (cpus > t.limits().cpus()) {
            return new Outcome.Invalid(Messages.get(lang, "workspace.limit.cpus", "template", t.name(),
                    "max", t.limits().cpus()));
        }
        // checked again when the record is written: another process of this learner's may be creating too
        int quota = caller.role() == Role.LEARNER ? maxPerLearner : -1;
        var created = service.create(caller, t, call.args().get("name"), call.args().get("host"), memoryMb, cpus,
                quota, call.progress());
        String text = Messages.get(lang, "workspace.created", "name", created.record().name(), "template", t.name())
                + "\n" + WorkspaceText.connection(service, t, created.record(), lang)
                + (t.topic().isEmpty() ? "" : "\n" + Messages.get(lang, "course.topic", "topic", notesUrl + t.topic()));
        return new Outcome.Done(text, TeachingCommand.dockerRun(created.plan()), created.record().secret() != null);
    }
}
