package dev.labhand.tool;

/**
 * The longest match a simple regular expression allows: a sequence of single characters, escapes, '.'
 * or character classes, each optionally repeated a bounded number of times ({@code ?}, {@code {n}},
 * {@code {m,n}}), after optional inline flags such as {@code (?s)}. Anything else (alternation, groups,
 * unbounded repeats) is answered with -1: no bound is known.
 */
final class PatternBound {
    private PatternBound() {}

    static long of(String regex) {
        String s = regex.replaceFirst("^\\(\\?[a-zA-Z]+\\)", "");
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '[') {
                int end = classEnd(s, i);
                if (end < 0) return -1;
                i = end + 1;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) return -1;
                i += 2;
            } else if ("()|*+?{}^$".indexOf(c) >= 0) {
                if ((c == '^' && i == 0) || (c == '$' && i == s.length() - 1)) {
                    i++;
                    continue;
                }
                return -1;
            } else {
                i++;
            }
            long repeat = 1;
            if (i < s.length() && s.charAt(i) == '?') {
                i++;
            } else if (i < s.length() && s.charAt(i) == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) return -1;
                String[] range = s.substring(i + 1, close).split(",", -1);
                try {
                    repeat = Long.parseLong(range[range.length - 1].strip());
                } catch (NumberFormatException unbounded) {
                    return -1;
                }
                i = close + 1;
            }
            if (i < s.length() && "*+".indexOf(s.charAt(i)) >= 0) return -1;
            total += repeat;
        }
        return total;
    }

    /** The index of the ']' closing the class opened at {@code open}, or -1. */
    private static int classEnd(String s, int open) {
        int i = open + 1;
        if (i < s.length() && s.charAt(i) == '^') i++;
        if (i < s.length() && s.charAt(i) == ']') i++;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '[') return -1;
            else if (c == ']') return i;
        }
        return -1;
    }
}
