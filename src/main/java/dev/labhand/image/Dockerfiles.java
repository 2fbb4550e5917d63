package dev.labhand.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the loader needs from a Dockerfile: its {@code ARG}s (name and default) and its first {@code FROM}.
 * Continuation lines are joined and comments dropped; nothing else of the syntax matters here.
 */
final class Dockerfiles {
    private static final Pattern ARG = Pattern.compile("(?i)ARG\\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\\S*))?\\s*");
    private static final Pattern FROM = Pattern.compile("(?i)FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+\\S+)?\\s*");

    /** The parts of one Dockerfile: ARGs in order (a default or null), and the first FROM's image. */
    record Parsed(Map<String, String> args, String from) {}

    private Dockerfiles() {}

    static Parsed parse(String text) {
        Map<String, String> args = new LinkedHashMap<>();
        String from = null;
        for (String instruction : instructions(text)) {
            Matcher a = ARG.matcher(instruction);
            if (a.matches()) {
                args.putIfAbsent(a.group(1), a.group(2) == null ? null : unquote(a.group(2)));
                continue;
            }
            Matcher f = FROM.matcher(instruction);
            if (f.matches() && from == null) from = f.group(1);
        }
        return new Parsed(args, from);
    }

    private static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.length() == 0) continue;
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (current.length() > 0) out.add(current.toString().strip());
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }
}
