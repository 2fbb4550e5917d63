/**
 * Idle workspaces: the culler ({@link dev.labhand.workspace.idle.IdleCuller}) that stops, after a warning, workspaces
 * whose IDE, CPU and GPU show no use for their template's {@code idle.minutes}; what it remembers per workspace
 * ({@link dev.labhand.workspace.idle.IdleRecords}); how it looks inside a container
 * ({@link dev.labhand.workspace.idle.ActivityProbe}); and {@code workspace.keep}, the owner's answer to a warning.
 * A new activity signal is one more reading in {@code ActivityProbe.look} and one more line in the culler's decision.
 */
package dev.labhand.workspace.idle;
