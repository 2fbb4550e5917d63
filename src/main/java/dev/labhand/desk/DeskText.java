package dev.labhand.desk;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.time.Duration;

/** Small pieces of desk text: ages and durations, one-line clips. */
final class DeskText {
    private DeskText() {}

    /** "4 min", "2 h 5 min", "3 d 4 h" (Korean: "4분", "2시간 5분", "3일 4시간"). */
    static String duration(Duration d, Lang lang) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) return Messages.get(lang, "desk.age.m", "m", minutes);
        if (minutes < 24 * 60) return Messages.get(lang, "desk.age.hm", "h", minutes / 60, "m", minutes % 60);
        return Messages.get(lang, "desk.age.dh", "d", minutes / (24 * 60), "h", (minutes / 60) % 24);
    }

    /** One line of at most {@code max} characters. */
    static String clip(String text, int max) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > max ? line.substring(0, max) + "…" : line;
    }

    /** The status as members read it, in their language. */
    static String status(Question q, Lang lang) {
        return switch (q.status()) {
            case Question.CLAIMED -> Messages.get(lang, "desk.status.claimed", "name", q.claimedByName());
            case Question.ANSWERED -> Messages.get(lang, "desk.status.answered", "name", q.answeredByName());
            default -> Messages.get(lang, "desk.status.open");
        };
    }
}
