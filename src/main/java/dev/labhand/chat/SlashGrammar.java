package dev.labhand.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The slash grammar shared by the console and Discord: {@code /area verb key:value key:"two words"},
 * plus {@code /confirm CODE}, {@code /cancel CODE} and {@code /help}. Parsing only: no lookups.
 */
public final class SlashGrammar {

    /** What a line asks for. */
    public sealed interface Command permits ToolCall, Confirm, Cancel, Help, Forget, Plain, Malformed {}

    public record ToolCall(String tool, Map<String, String> args) implements Command {}

    public record Confirm(String code) implements Command {}

    public record Cancel(String code) implements Command {}

    public record Help() implements Command {}

    /** Clear my conversation memory in this channel. */
    public record Forget() implements Command {}

    /** Not a slash command: natural language, for the language layer (or help until it exists). */
    public record Plain(String text) implements Command {}

    /** A slash line that does not parse; {@code key} names the message, {@code detail} the bad part. */
    public record Malformed(String key, String detail) implements Command {}

    private SlashGrammar() {}

    public static Command parse(String line) {
        return parse(line, tool -> false);
    }

    /**
     * As {@link #parse(String)}, also reading a grouped tool typed as Discord shows it: {@code /diag gpu smi ...}
     * is {@code diag.gpu-smi} when {@code knownTool} says that tool exists.
     */
    public static Command parse(String line, java.util.function.Predicate<String> knownTool) {
        String s = line == null ? "" : line.strip();
        if (!s.startsWith("/")) return new Plain(s);
        List<String> tokens;
        try {
            tokens = tokenize(s.substring(1));
        } catch (IllegalArgumentException e) {
            return new Malformed("slash.quote", e.getMessage());
        }
        if (tokens.isEmpty()) return new Help();
        String head = tokens.get(0).toLowerCase(Locale.ROOT);
        switch (head) {
            case "help", "도움말" -> {
                return new Help();
            }
            case "forget", "잊어" -> {
                return new Forget();
            }
            case "confirm", "확인" -> {
                return tokens.size() == 2 ? new Confirm(tokens.get(1)) : new Malformed("slash.code", head);
            }
            case "cancel", "취소" -> {
                return tokens.size() == 2 ? new Cancel(tokens.get(1)) : new Malformed("slash.code", head);
            }
            default -> { }
        }
        if (tokens.size() < 2) return new Malformed("slash.verb", head);
        // "/ask question:..." names an area with a single tool; the catalog resolves it
        boolean areaOnly = tokens.get(1).contains(":");
        String tool = areaOnly ? head : head + "." + tokens.get(1).toLowerCase(Locale.ROOT);
        int firstArg = areaOnly ? 1 : 2;
        if (!areaOnly && tokens.size() > 2 && !tokens.get(2).contains(":")
                && knownTool.test(tool + "-" + tokens.get(2).toLowerCase(Locale.ROOT))) {
            tool = tool + "-" + tokens.get(2).toLowerCase(Locale.ROOT);
            firstArg = 3;
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (String t : tokens.subList(firstArg, tokens.size())) {
            int colon = t.indexOf(':');
            if (colon <= 0) return new Malformed("slash.pair", t);
            String key = t.substring(0, colon).toLowerCase(Locale.ROOT);
            if (args.put(key, t.substring(colon + 1)) != null) return new Malformed("slash.twice", key);
        }
        return new ToolCall(tool, args);
    }

    /** Splits on blanks; double or single quotes keep blanks inside one token and are removed. */
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inToken = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) quote = 0;
                else cur.append(ch);
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inToken = true;
            } else if (Character.isWhitespace(ch)) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(ch);
                inToken = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException(String.valueOf(quote));
        if (inToken) out.add(cur.toString());
        return out;
    }
}
