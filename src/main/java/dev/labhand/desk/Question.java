package dev.labhand.desk;

import dev.labhand.tool.Caller.Lang;
import java.time.Instant;

/**
 * One queued question as stored: its text and the asker's checkup are redacted before they are written.
 *
 * @param source        {@code ask} (the course notes had nothing), {@code explicit} (put to the instructor),
 *                      {@code forum:<thread id>} (posted on the course's question board)
 * @param status        {@code open}, {@code claimed} or {@code answered}
 * @param firstAnswerAt the first answer the learner got (the notes' automatic one, or the instructor's); null before
 */
public record Question(long id, String askerId, String askerName, Lang lang, String source, String question,
                       String checkup, String status, Instant createdAt, String claimedBy, String claimedByName,
                       Instant claimedAt, Instant firstAnswerAt, String answeredBy, String answeredByName,
                       Instant answeredAt, String answer) {
    public static final String OPEN = "open";
    public static final String CLAIMED = "claimed";
    public static final String ANSWERED = "answered";
    /** The source of a question posted on the course's question board, before its thread's id. */
    public static final String FORUM_PREFIX = "forum:";

    public boolean answered() {
        return ANSWERED.equals(status);
    }

    /** The board thread the question was posted in; empty when it came another way. */
    public java.util.Optional<String> forumThread() {
        return source.startsWith(FORUM_PREFIX) ? java.util.Optional.of(source.substring(FORUM_PREFIX.length()))
                : java.util.Optional.empty();
    }
}
