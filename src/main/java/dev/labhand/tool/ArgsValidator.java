package dev.labhand.tool;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Checks raw arguments against a tool's declared parameters; the first problem wins. */
final class ArgsValidator {
    static final int MAX_VALUE_LENGTH = 256;

    /** Either validated args or a message, in the caller's language, saying what is wrong. */
    record Result(Args args, String problem) {}

    private ArgsValidator() {}

    static Result validate(ToolSpec spec, Map<String, String> raw, Lang lang) {
        for (String given : raw.keySet()) {
            if (spec.param(given).isEmpty()) {
                return problem(Messages.get(lang, "arg.unknown", "arg", clip(given), "tool", spec.name(),
                        "known", knownNames(spec)));
            }
        }
        Map<String, String> values = new HashMap<>();
        for (Param p : spec.params()) {
            String value = raw.get(p.name());
            if (value != null) value = value.strip();
            if (value == null || value.isEmpty()) {
                if (p.required()) {
                    return problem(Messages.get(lang, "arg.missing", "arg", p.name(), "tool", spec.name()));
                }
                if (p.defaultValue() != null) values.put(p.name(), p.defaultValue());
                continue;
            }
            String problem = check(p, value, lang);
            if (problem != null) return problem(problem);
            values.put(p.name(), normalise(p, value));
        }
        return new Result(new Args(values), null);
    }

    private static String check(Param p, String value, Lang lang) {
        if (value.length() > (p.longest() > 0 ? p.longest() : MAX_VALUE_LENGTH) || value.chars().anyMatch(Character::isISOControl)) {
            return Messages.get(lang, "arg.malformed", "arg", p.name());
        }
        switch (p.type()) {
            case STRING -> {
                if (p.pattern() != null && !p.pattern().matcher(value).matches()) {
                    return Messages.get(lang, "arg.pattern", "arg", p.name(), "value", clip(value),
                            "pattern", p.pattern().pattern());
                }
            }
            case INTEGER -> {
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return Messages.get(lang, "arg.integer", "arg", p.name(), "value", clip(value));
                }
                if (n < p.min() || n > p.max()) {
                    return Messages.get(lang, "arg.range", "arg", p.name(), "min", p.min(), "max", p.max());
                }
            }
            case CHOICE -> {
                if (!p.choices().contains(value.toLowerCase(Locale.ROOT))) {
                    return Messages.get(lang, "arg.choice", "arg", p.name(), "value", clip(value),
                            "choices", String.join(", ", p.choices()));
                }
            }
            case BOOLEAN -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    return Messages.get(lang, "arg.boolean", "arg", p.name());
                }
            }
        }
        return null;
    }

    private static String normalise(Param p, String value) {
        return switch (p.type()) {
            case CHOICE, BOOLEAN -> value.toLowerCase(Locale.ROOT);
            case INTEGER -> String.valueOf(Long.parseLong(value));
            case STRING -> value;
        };
    }

    private static String knownNames(ToolSpec spec) {
        return spec.params().isEmpty() ? "-"
                : String.join(", ", spec.params().stream().map(Param::name).toList());
    }

    static String clip(String s) {
        return clip(s, 40);
    }

    /** One line of at most {@code max} characters, control characters shown as '?'. */
    static String clip(String s, int max) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > max ? oneLine.substring(0, max) + "…" : oneLine;
    }

    private static Result problem(String text) {
        return new Result(null, text);
    }
}
