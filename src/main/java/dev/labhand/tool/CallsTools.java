package dev.labhand.tool;

/**
 * A tool made of other tools' calls ({@code workspace.restart} = stop, then start). The gateway hands itself
 * to such a tool when it is built, and the tool makes each step as an ordinary call through it, so every step
 * is validated, authorised and audited (a row of its own) exactly as if the member had asked for it.
 */
public interface CallsTools extends Tool {
    /** Called once, by the gateway being built over the catalog that holds this tool. */
    void useGateway(ToolGateway gateway);
}
