package dev.labhand.tool;

import java.time.Instant;

/**
 * Where the gateway writes what every call did. A call that acts is written ahead: {@link #begin} before the
 * tool runs (if that fails, the tool does not run), {@link #complete} with its outcome afterwards. A call
 * that never acts (refused, invalid, asked to confirm) is one {@link #record}.
 */
public interface AuditSink {

    /**
     * @param argsJson   arguments with secrets already redacted
     * @param outcome    {@link Outcome#kind()}, or "started" for a row written ahead
     * @param detail     short, safe: an error id, a confirmation code, a reason
     * @param confirmedBy the confirmation code this call carried, or null
     */
    record Entry(Instant time, String callerId, String role, String origin, String tool, String argsJson,
                 String outcome, String detail, String confirmedBy, long micros) {}

    /** One row for a call that did not act. */
    void record(Entry entry);

    /** The row written before a call acts; returns its id, or throws when it cannot be written. */
    long begin(Entry entry);

    /** The outcome of the call {@link #begin} returned {@code startedId} for. */
    void complete(long startedId, Entry entry);
}
