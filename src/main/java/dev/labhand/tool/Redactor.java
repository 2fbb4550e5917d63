package dev.labhand.tool;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log, an audit row or a model: values of
 * token/password/secret/key assignments, private key blocks, AWS access key ids, bearer tokens.
 */
public final class Redactor {
    public static final String MASK = "***";

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)((?:token|password|passwd|secret|api[_-]?key|access[_-]?key)[\"']?\\s*[=:]\\s*[\"']?)[^\\s\"'&,;}]+"),
            Pattern.compile("(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/-]+=*"));

    private Redactor() {}

    public static String redact(String text) {
        if (text == null) return null;
        String out = text;
        for (Pattern p : PATTERNS) {
            out = p.matcher(out).replaceAll(m -> m.groupCount() > 0 && m.group(1) != null
                    ? java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK)
                    : MASK);
        }
        return out;
    }
}
