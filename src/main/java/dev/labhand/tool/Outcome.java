package dev.labhand.tool;

import java.time.Instant;
import java.util.Map;

/**
 * What came of a tool call. Outcomes are values, never exceptions; every text in them is already
 * in the caller's language and safe to show.
 */
public sealed interface Outcome
        permits Outcome.Done, Outcome.NeedsConfirmation, Outcome.Denied, Outcome.Invalid, Outcome.Failed {

    /** Short word for the audit log: done, confirm, denied, invalid, failed. */
    String kind();

    /**
     * The tool did its work.
     *
     * @param text    the answer
     * @param command the equivalent command a learner would type (teaching mode), or null
     * @param secret  the text holds a secret (a token, a password): show it only to the caller, privately
     * @param attachment a file that goes with the answer (a chart), or null
     */
    record Done(String text, String command, boolean secret, Attachment attachment) implements Outcome {
        public Done(String text, String command, boolean secret) {
            this(text, command, secret, null);
        }

        public static Done of(String text, String command) {
            return new Done(text, command, false);
        }

        /** The same answer with a file (a chart) attached. */
        public Done with(Attachment file) {
            return new Done(text, command, secret, file);
        }

        public String kind() {
            return "done";
        }
    }

    /** A risky tool waits for the caller to confirm exactly these arguments with {@code code}. */
    record NeedsConfirmation(String code, String tool, Map<String, String> args, Instant expiresAt, String text)
            implements Outcome {
        public String kind() {
            return "confirm";
        }
    }

    /** The caller may not do this (role, ownership, quota). */
    record Denied(String text) implements Outcome {
        public String kind() {
            return "denied";
        }
    }

    /** The request itself is wrong (unknown tool, bad argument, unknown or expired code). */
    record Invalid(String text) implements Outcome {
        public String kind() {
            return "invalid";
        }
    }

    /** The tool ran and failed; {@code errorId} finds the stack trace in the log. */
    record Failed(String text, String errorId) implements Outcome {
        public String kind() {
            return "failed";
        }
    }
}
