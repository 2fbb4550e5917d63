/**
 * The audit log: one hash-chained row per tool call ({@link dev.labhand.audit.AuditLog}), checked by
 * {@link dev.labhand.audit.AuditChain} ({@code labhand audit verify}). Arguments arrive already redacted.
 */
package dev.labhand.audit;
