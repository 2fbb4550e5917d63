package dev.labhand.tool;

/**
 * An operation Labhand can perform. A tool never checks roles, ownership or confirmation itself:
 * the {@link ToolGateway} has done that before {@link #run} is called. It may still answer
 * {@link Outcome.Invalid} or {@link Outcome.Denied} for rules that depend on its own data
 * (a template's limits, a quota).
 */
public interface Tool {
    ToolSpec spec();

    Outcome run(Invocation call) throws Exception;

    /**
     * The risk of this particular call. Most tools have one risk; a tool with a dry-run option (a plan
     * that creates nothing) is only as risky as what the call would do.
     */
    default Risk risk(Args args) {
        return spec().risk();
    }

    /**
     * Rules that depend on the tool's own data (a size table, a name already taken), checked by the
     * gateway after role and ownership and before a confirmation is asked for, so a member is never
     * asked to confirm a request that would be refused. Null when the request is fine.
     */
    default Outcome check(Caller caller, Args args) {
        return null;
    }

    /**
     * This call starts something billed by the hour (a GPU workspace, a VM): the gateway's budget policy refuses it
     * for a learner over budget. Declared here, on the tool, so the policy names no tools.
     */
    default boolean spendsBudget(Args args) {
        return false;
    }

    /**
     * What the confirmation question adds for this call (a sync's files it would delete, the disk a prune frees), already in the caller's
     * language; null when the tool's description says enough.
     */
    default String confirmationDetail(Caller caller, Args args) {
        return null;
    }

    /** What the tool does, for help and command registration; from the message bundles by default. */
    default String description(Caller.Lang lang) {
        return dev.labhand.i18n.Messages.get(lang, "tool." + spec().name());
    }

    /**
     * The group of related tools this one belongs to within its area, for front ends that nest commands
     * (Discord: {@code /diag gpu smi} for {@code diag.gpu-smi}); null when it stands directly under its area.
     * A grouped tool's verb starts with the group and a '-'.
     */
    default String group() {
        return null;
    }

    /**
     * How a member types this tool: its area, then its group and the rest of its verb ({@code diag gpu smi})
     * or its verb ({@code workspace create}).
     */
    default java.util.List<String> commandWords() {
        String verb = spec().verb();
        String group = group();
        if (group != null && verb.startsWith(group + "-") && verb.length() > group.length() + 1) {
            return java.util.List.of(spec().area(), group, verb.substring(group.length() + 1));
        }
        return java.util.List.of(spec().area(), verb);
    }

    /** The slash command a member types for this tool: {@code /workspace create}, {@code /diag gpu smi}. */
    default String slashCommand() {
        return "/" + String.join(" ", commandWords());
    }

    /** What the tools of {@link #group()} are about; from the message bundles by default. */
    default String groupDescription(Caller.Lang lang) {
        return dev.labhand.i18n.Messages.get(lang, "group." + spec().area() + "." + group());
    }

    /** What one parameter means; from the message bundles by default. */
    default String paramDescription(Caller.Lang lang, String param) {
        return dev.labhand.i18n.Messages.get(lang, "param." + spec().name() + "." + param);
    }
}
