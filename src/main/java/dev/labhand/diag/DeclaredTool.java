package dev.labhand.diag;

import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One diagnostic as a toolset file declares it: an argv template (never a shell string) whose
 * {@code {{param}}} placeholders are filled with validated values, each staying inside its own argv
 * element; where it runs; how long it may take and how much output it may return.
 *
 * @param requires executables that must exist where it runs (its prerequisites)
 * @param toolsetDescription what the whole toolset is about (its file's description)
 */
public record DeclaredTool(String toolset, Map<Lang, String> toolsetDescription, String name, Map<Lang, String> description, Where where,
                           List<String> argv, List<Param> params, Map<String, Map<Lang, String>> paramDescriptions,
                           Duration timeout, int outputLimit, List<String> requires, Role minRole, String source) {

    /** Inside a workspace (docker exec) or on the workspace host itself. */
    public enum Where { WORKSPACE, HOST }

    public DeclaredTool {
        toolsetDescription = Map.copyOf(toolsetDescription);
        description = Map.copyOf(description);
        argv = List.copyOf(argv);
        params = List.copyOf(params);
        paramDescriptions = Map.copyOf(paramDescriptions);
        requires = List.copyOf(requires);
    }

    /** Runs against one workspace: inside it, or on the host about its container ({@code {{container}}}). */
    public boolean targetsWorkspace() {
        return where == Where.WORKSPACE || argv.stream().anyMatch(a -> a.contains("{{container}}"));
    }

    /** The catalog name: {@code diag.<toolset>-<name>}. */
    public String toolName() {
        return "diag." + toolset + "-" + name;
    }

    /** The argv with placeholders filled; a value never becomes more than the one element it sits in. */
    public List<String> argvFor(Map<String, String> values) {
        return argv.stream().map(a -> fill(a, values)).toList();
    }

    private static String fill(String element, Map<String, String> values) {
        String out = element;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace("{{" + v.getKey() + "}}", v.getValue() == null ? "" : v.getValue());
        }
        return out;
    }
}
