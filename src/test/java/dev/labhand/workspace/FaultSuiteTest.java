package dev.labhand.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.support.Chaos;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Labhand processes on one database against the real engine, under the faults a class meets: many
 * at once, a kill -9 at each step of create and remove, the engine away, the database held by another
 * process. After each (and one restart): every call has exactly one outcome row, no call is left
 * unfinished, no container without a record, no record stuck, the audit chain intact, no internal error.
 * {@code scripts/chaos.sh} runs the same scenarios larger and prints a table.
 */
final class FaultSuiteTest {
    @TempDir
    Path dir;

    private Chaos chaos;

    @AfterEach
    void cleanUp() {
        if (chaos != null) chaos.cleanUp();
    }

    @Test
    void should_audit_every_create_of_learners_in_parallel_processes() {
        chaos = new Chaos(dir, "fpl");

        Chaos.Result r = chaos.parallelLearners(6);

        assertThat(r.clean()).as(r.line()).isTrue();
        assertThat(r.successes()).as(r.line()).isEqualTo(6);
    }

    @Test
    void should_hold_one_learners_quota_across_parallel_processes() {
        chaos = new Chaos(dir, "fol");

        Chaos.Result r = chaos.oneLearnerParallel(6);

        assertThat(r.clean()).as(r.line()).isTrue();
        assertThat(r.successes()).as(r.line()).isEqualTo(2);
        assertThat(r.refusals()).as(r.line()).isEqualTo(4);
    }

    @Test
    void should_leave_nothing_unaudited_or_half_done_when_a_create_is_killed_at_any_step() {
        chaos = new Chaos(dir, "fkc");

        // one process per step, all at once, each killed at its step; then one restart settles them all
        Chaos.Result r = chaos.killCreatesAtEach(Chaos.CREATE_POINTS);

        assertThat(r.clean()).as(r.line()).isTrue();
    }

    @Test
    void should_leave_nothing_unaudited_or_half_done_when_a_remove_is_killed_at_any_step() {
        chaos = new Chaos(dir, "fkr");

        Chaos.Result r = chaos.killRemovesAtEach(Chaos.REMOVE_POINTS);

        assertThat(r.clean()).as(r.line()).isTrue();
    }

    @Test
    void should_refuse_creates_clearly_and_keep_nothing_while_the_engine_is_down() {
        chaos = new Chaos(dir, "fed");

        Chaos.Result r = chaos.engineDown(2);

        assertThat(r.clean()).as(r.line()).isTrue();
        assertThat(r.refusals()).as(r.line()).isEqualTo(2);
    }

    @Test
    void should_wait_for_a_database_another_process_holds_and_then_succeed() {
        chaos = new Chaos(dir, "fdl");

        Chaos.Result r = chaos.databaseLocked(6);

        assertThat(r.clean()).as(r.line()).isTrue();
        assertThat(r.successes()).as(r.line()).isEqualTo(1);
    }
}
