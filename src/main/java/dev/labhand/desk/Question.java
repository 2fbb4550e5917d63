package dev.labhand.desk;

import dev.labhand.tool.Caller.Lang;
import java.time.Instant;

/**
 * One queued question as stored: its text and the asker's checkup are redacted before they are written.
 *
 * @param source        {@code ask} (the course notes had nothing), {@code explicit} (put to the instructor)
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

    public boolean answered() {
        return ANSWERED.equals(status);
    }
}
