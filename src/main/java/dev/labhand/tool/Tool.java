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
}
