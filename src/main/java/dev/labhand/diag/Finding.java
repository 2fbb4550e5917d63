package dev.labhand.diag;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;

/**
 * One thing a checkup found: a key naming what ({@code diag.finding.<key>}) and what to do about it
 * ({@code diag.fix.<key>}) in the message bundles, with the values that fill them.
 */
public record Finding(Severity severity, String key, Object... pairs) {

    /** PROBLEM: it is broken. WARNING: it will hurt soon. OK: checked and fine. */
    public enum Severity { PROBLEM, WARNING, OK }

    public String render(Lang lang) {
        String mark = switch (severity) {
            case PROBLEM -> "❌";
            case WARNING -> "⚠️";
            case OK -> "✅";
        };
        String what = mark + " " + Messages.get(lang, "diag.finding." + key, pairs);
        String fixKey = "diag.fix." + key;
        return Messages.has(lang, fixKey) ? what + "\n   → " + Messages.get(lang, fixKey, pairs) : what;
    }
}
