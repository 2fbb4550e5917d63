/**
 * Class warm-up and end: {@code class.prepare} schedules (in SQLite) starting the course VMs and pulling the
 * course images before a lecture, {@link dev.labhand.ops.warmup.ClassWarmUp} runs what is due and sends the
 * instructor a readiness table, and {@code class.end} stops every workspace and deallocates the VMs. Everything
 * they do is a call through the gateway.
 */
package dev.labhand.ops.warmup;
