package dev.labhand.image;

import dev.labhand.tool.Caller.Lang;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One build arg a course image declares: its type and what values it takes. Nothing else reaches
 * {@code docker build --build-arg}.
 *
 * @param pattern for {@code string}: the whole value must match
 * @param choices for {@code choice}: the allowed values
 */
public record BuildArg(String name, Map<Lang, String> description, Type type, String defaultValue, Pattern pattern,
                       List<String> choices, long min, long max) {

    public enum Type { STRING, CHOICE, INTEGER }

    /** No value of any type may hold more than this, or characters outside this set (no spaces, quotes or $). */
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:/+,@=~-]{1,128}");

    public BuildArg {
        description = Map.copyOf(description);
        choices = List.copyOf(choices);
    }

    /** What is wrong with {@code value} for this arg, in words for the message; null when it is fine. */
    public String problem(String value) {
        if (value == null || !SAFE.matcher(value).matches()) return "safe";
        return switch (type) {
            case STRING -> pattern.matcher(value).matches() ? null : "pattern";
            case CHOICE -> choices.contains(value) ? null : "choice";
            case INTEGER -> {
                try {
                    long n = Long.parseLong(value);
                    yield n >= min && n <= max ? null : "range";
                } catch (NumberFormatException e) {
                    yield "integer";
                }
            }
        };
    }

    /** What values it takes, for a message: the pattern, the choices or the range. */
    public String accepts() {
        return switch (type) {
            case STRING -> pattern.pattern();
            case CHOICE -> String.join(" | ", choices);
            case INTEGER -> min + ".." + max;
        };
    }
}
