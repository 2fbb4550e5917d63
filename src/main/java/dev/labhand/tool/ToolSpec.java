package dev.labhand.tool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the gateway needs to know about a tool before running it: its name ({@code area.verb}),
 * declared parameters, risk, the least role that may call it, and how long it may run.
 * Descriptions are in the message bundles under {@code tool.<name>}.
 *
 * @param privateReply its answers hold a secret or one member's details: front ends show them only to
 *                     the caller (Discord: ephemeral), never in a public channel
 * @param rateLimited  expensive to run (pulls gigabytes, starts machines): the gateway applies the
 *                     per-member cooldown to it
 */
public record ToolSpec(String name, Risk risk, Role minRole, List<Param> params, Duration timeout,
                       boolean privateReply, boolean rateLimited) {
    private static final Pattern TOOL_NAME = Pattern.compile("[a-z]+\\.[a-z][a-z0-9-]*");

    public ToolSpec {
        if (!TOOL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name must be area.verb: " + name);
        }
        params = List.copyOf(params);
        timeout = timeout == null ? Duration.ofMinutes(1) : timeout;
    }

    public static ToolSpec of(String name, Risk risk, Role minRole, Param... params) {
        return new ToolSpec(name, risk, minRole, List.of(params), null, false, false);
    }

    public ToolSpec withTimeout(Duration timeout) {
        return new ToolSpec(name, risk, minRole, params, timeout, privateReply, rateLimited);
    }

    /** Answers go only to the caller. */
    public ToolSpec answeredPrivately() {
        return new ToolSpec(name, risk, minRole, params, timeout, true, rateLimited);
    }

    /** The per-member cooldown applies. */
    public ToolSpec withCooldown() {
        return new ToolSpec(name, risk, minRole, params, timeout, privateReply, true);
    }

    public String area() {
        return name.substring(0, name.indexOf('.'));
    }

    public String verb() {
        return name.substring(name.indexOf('.') + 1);
    }

    public Optional<Param> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }
}
