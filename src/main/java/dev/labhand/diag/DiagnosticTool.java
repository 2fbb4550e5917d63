package dev.labhand.diag;

import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Redactor;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerEngine.ExecResult;
import dev.labhand.workspace.TeachingCommand;
import dev.labhand.workspace.WorkspaceService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DeclaredTool} in the catalog: {@code diag.<toolset>-<name>}. Workspace diagnostics take a
 * {@code workspace} argument, so the gateway's ownership check applies (learners check only their
 * own); host diagnostics are for instructors unless declared otherwise. Output is truncated and
 * redacted before anyone sees it.
 */
public final class DiagnosticTool implements Tool {
    private final DeclaredTool decl;
    private final WorkspaceService workspaces;
    private final java.util.function.BiFunction<String, Lang, dev.labhand.workspace.HostCommands> hosts;
    private final ToolSpec spec;

    /** @param hosts the commands of a host by name ("local" is the bot's machine), for host diagnostics */
    public DiagnosticTool(DeclaredTool decl, WorkspaceService workspaces,
                          java.util.function.BiFunction<String, Lang, dev.labhand.workspace.HostCommands> hosts) {
        this.decl = decl;
        this.workspaces = workspaces;
        this.hosts = hosts;
        List<Param> params = new ArrayList<>();
        if (decl.targetsWorkspace()) params.add(Param.workspace("workspace"));
        params.addAll(decl.params());
        this.spec = new ToolSpec(decl.toolName(), Risk.READ, decl.minRole(), params,
                decl.timeout().plusSeconds(10), true, false);
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public String description(Lang lang) {
        return decl.description().get(lang);
    }

    /** Each toolset is a group: {@code /diag gpu smi}. */
    @Override
    public String group() {
        return decl.toolset();
    }

    @Override
    public String groupDescription(Lang lang) {
        return decl.toolsetDescription().get(lang);
    }

    @Override
    public String paramDescription(Lang lang, String param) {
        if (param.equals("workspace")) return Messages.get(lang, "param.diag.workspace");
        return decl.paramDescriptions().getOrDefault(param, Map.of()).getOrDefault(lang, param);
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        Map<String, String> values = new HashMap<>(call.args().values());
        WorkspaceRecord r = decl.targetsWorkspace()
                ? workspaces.repository().byName(call.args().get("workspace")).orElseThrow() : null;
        if (r != null) values.put("container", "lh-" + r.name());
        return decl.where() == DeclaredTool.Where.WORKSPACE ? inWorkspace(r, values, call.lang())
                : onHost(r, values, call.lang());
    }

    private Outcome inWorkspace(WorkspaceRecord r, Map<String, String> values, Lang lang) throws InterruptedException {
        String id = runningContainer(r, lang);
        try {
            return inWorkspace(r, id, values, lang);
        } catch (dev.labhand.workspace.DockerEngine.ContainerNotRunningException e) {
            runningContainer(r, lang); // paused or stopped since: say so
            throw e;
        }
    }

    private Outcome inWorkspace(WorkspaceRecord r, String id, Map<String, String> values, Lang lang)
            throws InterruptedException {
        for (String program : decl.requires()) {
            ExecResult probe = workspaces.engineFor(r, lang).exec(id, List.of("sh", "-c", "command -v \"$0\"", program),
                    decl.timeout(), 200);
            if (probe.exitCode() == null || probe.exitCode() != 0) {
                return missing(program, Messages.get(lang, "diag.where.workspace", "name", r.name()), lang);
            }
        }
        List<String> argv = decl.argvFor(values);
        ExecResult result = workspaces.engineFor(r, lang).exec(id, argv, decl.timeout(), decl.outputLimit());
        List<String> shown = new ArrayList<>(List.of("docker", "exec", values.get("container")));
        shown.addAll(argv);
        return Outcome.Done.of(render(result, lang, r.secret()), TeachingCommand.join(shown));
    }

    private Outcome onHost(WorkspaceRecord r, Map<String, String> values, Lang lang) throws InterruptedException {
        // a workspace's host diagnostics run where the workspace runs
        dev.labhand.workspace.HostCommands host = hosts.apply(r == null ? dev.labhand.workspace.DockerHosts.LOCAL : r.host(), lang);
        for (String program : decl.requires()) {
            if (!host.has(program)) return missing(program, Messages.get(lang, "diag.where.host"), lang);
        }
        List<String> argv = decl.argvFor(values);
        ExecResult result = host.run(argv, decl.timeout(), decl.outputLimit());
        return Outcome.Done.of(render(result, lang, r == null ? null : r.secret()), TeachingCommand.join(argv));
    }

    private static Outcome missing(String program, String where, Lang lang) {
        return Outcome.Done.of(Messages.get(lang, "diag.requires-missing", "program", program, "where", where), null);
    }

    private String runningContainer(WorkspaceRecord r, Lang lang) {
        var details = r.containerId() == null ? java.util.Optional.<dev.labhand.workspace.DockerEngine.ContainerDetails>empty()
                : workspaces.engineFor(r, lang).details(r.containerId());
        if (details.isEmpty()) throw new UserError(Messages.get(lang, "workspace.container-missing", "name", r.name()));
        var c = details.get();
        ContainerCondition.of(c).ifPresent(why -> {
            throw new UserError(why.answer(r.name(), c, lang));
        });
        return c.id();
    }

    private String render(ExecResult result, Lang lang, String secret) {
        String output = result.output();
        if (secret != null && !secret.isEmpty()) output = output.replace(secret, Redactor.MASK);
        output = Redactor.redact(output).strip();
        String status;
        if (result.timedOut()) {
            status = Messages.get(lang, "diag.timed-out", "seconds", decl.timeout().toSeconds());
        } else if (result.commandMissing()) {
            status = Messages.get(lang, "diag.command-missing", "program", decl.argv().get(0));
        } else {
            status = Messages.get(lang, "diag.exit", "tool", decl.toolName(), "code", result.exitCode());
        }
        if (result.truncated()) status += " " + Messages.get(lang, "diag.truncated", "limit", decl.outputLimit());
        return output.isEmpty() ? status : status + "\n```\n" + output.replace("```", "'''") + "\n```";
    }
}
