package dev.labhand.chat;

import dev.labhand.tool.Param;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/**
 * How to type a tool in the slash grammar: {@code /workspace create template:<a|b> name:<text> [lines:<1-500>]},
 * a grouped tool as Discord shows it: {@code /diag gpu smi workspace:<workspace>}.
 */
public final class Usage {
    private Usage() {}

    public static String of(Tool tool) {
        return of(tool, tool.slashCommand());
    }

    /** With the command as a front end spells it ({@code /diag-2 many-2 t30} on Discord). */
    public static String of(Tool tool, String command) {
        ToolSpec spec = tool.spec();
        StringBuilder sb = new StringBuilder(command);
        for (Param p : spec.params()) {
            String value = switch (p.type()) {
                case CHOICE -> String.join("|", p.choices());
                case INTEGER -> p.min() + "-" + p.max();
                case BOOLEAN -> "true|false";
                case STRING -> p.name();
            };
            String part = p.name() + ":<" + value + ">";
            sb.append(' ').append(p.required() ? part : "[" + part + "]");
        }
        return sb.toString();
    }
}
