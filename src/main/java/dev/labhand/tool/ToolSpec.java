package dev.labhand.tool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the gateway needs to know about a tool before running it: its name ({@code area.verb}),
 * declared parameters, risk, the least role that may call it, and how long it may run.
 * Descriptions are in the message bundles under {@code tool.<name>}.
 */
public record ToolSpec(String name, Risk risk, Role minRole, List<Param> params, Duration timeout) {
    private static final Pattern TOOL_NAME = Pattern.compile("[a-z]+\\.[a-z][a-z-]*");

    public ToolSpec {
        if (!TOOL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name must be area.verb: " + name);
        }
        params = List.copyOf(params);
        timeout = timeout == null ? Duration.ofMinutes(1) : timeout;
    }

    public static ToolSpec of(String name, Risk risk, Role minRole, Param... params) {
        return new ToolSpec(name, risk, minRole, List.of(params), null);
    }

    public ToolSpec withTimeout(Duration timeout) {
        return new ToolSpec(name, risk, minRole, params, timeout);
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
