package dev.labhand.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code args:} a member types ({@code KAGGLE_TAG=v160 PIP_INDEX=https://...}): name=value pairs, space-separated. */
final class BuildArgsInput {
    /** What the gateway lets through; the course image then checks each name and value against image.yaml. */
    static final Pattern SYNTAX = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]{0,63}=[^\\s=]{0,128}(?: +[A-Za-z_][A-Za-z0-9_]{0,63}=[^\\s=]{0,128}){0,9}");

    private BuildArgsInput() {}

    /** The pairs in order; a name given twice keeps its last value. Empty text is no args. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        for (String pair : text.trim().split(" +")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }
}
