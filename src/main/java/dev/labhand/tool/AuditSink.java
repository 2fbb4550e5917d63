package dev.labhand.tool;

import java.time.Instant;

/** Where the gateway writes one row per call, whatever happened. */
@FunctionalInterface
public interface AuditSink {

    /**
     * @param argsJson   arguments with secrets already redacted
     * @param outcome    {@link Outcome#kind()}
     * @param detail     short, safe: an error id, a confirmation code, a reason
     * @param confirmedBy the confirmation code this call carried, or null
     */
    record Entry(Instant time, String callerId, String role, String origin, String tool, String argsJson,
                 String outcome, String detail, String confirmedBy, long micros) {}

    void record(Entry entry);
}
