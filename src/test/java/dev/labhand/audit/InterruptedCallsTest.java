package dev.labhand.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.Database;
import dev.labhand.tool.AuditSink;
import dev.labhand.util.ProcessIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call whose process died is recorded "interrupted" once, however many processes notice it at the same
 * time; a call whose process still runs is left alone, however old it is.
 */
final class InterruptedCallsTest {
    @TempDir
    Path dir;

    private static AuditSink.Entry started(String process) {
        return new AuditSink.Entry(Instant.now(), "alice", "learner", "console", "workspace.remove",
                "{\"name\":\"demo\"}", AuditRow.STARTED, process, "ABCDEF", 0);
    }

    @Test
    void should_record_a_dead_processes_call_as_interrupted_exactly_once_when_two_processes_settle_it() throws Exception {
        Path file = dir.resolve("labhand.db");
        try (Database one = Database.open(file); Database two = Database.open(file)) {
            AuditLog first = new AuditLog(one);
            AuditLog second = new AuditLog(two);
            long dead = first.begin(started("pid 999999999 since 2020-01-01T00:00:00Z"));
            long alive = first.begin(started(ProcessIdentity.current()));

            var a = CompletableFuture.supplyAsync(() -> first.resolveInterrupted(t -> Duration.ZERO, r -> "", "system"));
            var b = CompletableFuture.supplyAsync(() -> second.resolveInterrupted(t -> Duration.ZERO, r -> "", "system"));
            List<AuditRow> settled = new java.util.ArrayList<>(a.get());
            settled.addAll(b.get());

            assertThat(settled).extracting(AuditRow::id).containsExactly(dead);
            List<AuditRow> rows = first.list(null, null, 10);
            assertThat(rows).filteredOn(r -> AuditRow.INTERRUPTED.equals(r.outcome())).hasSize(1)
                    .allSatisfy(r -> assertThat(r.ref()).isEqualTo(dead));
            assertThat(first.unfinished()).extracting(AuditRow::id).containsExactly(alive);
            assertThat(first.verify().ok()).isTrue();
            assertThat(first.verify().interrupted()).isEqualTo(1); // the live one, still running
        }
    }
}
