package dev.labhand.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.labhand.config.LabhandConfig;
import dev.labhand.store.WorkspaceRecord.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ledger arithmetic against figures worked out by hand from config/clouds: Azure Standard_NC4as_T4_v3 is
 * $0.526/h on demand and $0.158/h spot; AWS g4dn.xlarge $0.647/h on demand and $0.216/h spot.
 */
final class CostLedgerTest {
    private static final Instant MORNING = Instant.parse("2026-03-02T10:00:00Z");
    private static final double CENT_FRACTION = 1e-9;

    @TempDir
    Path dir;

    @Test
    void should_split_a_shared_spot_vm_between_the_learners_running_workspaces_on_it() {
        try (LedgerFixture f = new LedgerFixture(dir.resolve("l.db"), MORNING, LedgerFixture.noBudgets())) {
            f.vm("gpu1", "azure", "Standard_NC4as_T4_v3", true, "running", "inst");
            f.workspace("ws-a", "alice", "gpu1", Status.RUNNING);
            f.workspace("ws-b", "bob", "gpu1", Status.RUNNING);
            f.workspace("ws-c", "carol", "gpu1", Status.STOPPED); // stopped: carol uses nothing
            f.tick.run(); // the first tick only starts the clock
            assertThat(f.ledger.lines()).isEmpty();

            f.advance(Duration.ofMinutes(90));
            f.tick.run();

            // 1.5 h shared by two: 0.75 h each; 0.75 × 0.158 = 0.1185 billed (spot), 0.75 × 0.526 = 0.3945 on demand
            for (String m : List.of("alice", "bob")) {
                CostLedger.Line l = f.line("2026-03-02", m, "gpu1");
                assertThat(l.hours()).isCloseTo(0.75, within(CENT_FRACTION));
                assertThat(l.usd()).isCloseTo(0.1185, within(CENT_FRACTION));
                assertThat(l.spotUsd()).isCloseTo(0.1185, within(CENT_FRACTION));
                assertThat(l.onDemandUsd()).isCloseTo(0.3945, within(CENT_FRACTION));
            }
            assertThat(f.ledger.lines()).hasSize(2);
        }
    }

    @Test
    void should_charge_the_assigned_member_then_the_owner_and_split_at_utc_midnight() {
        try (LedgerFixture f = new LedgerFixture(dir.resolve("l.db"), Instant.parse("2026-03-02T23:30:00Z"),
                LedgerFixture.noBudgets())) {
            f.vm("aws1", "aws", "g4dn.xlarge", false, "running", "inst");
            f.hosts.assign("aws1", "carol", "inst");
            f.vm("aws2", "aws", "g4dn.xlarge", true, "running", "inst");
            f.tick.run();
            f.advance(Duration.ofMinutes(60));
            f.tick.run();

            // aws1 on demand, no workspace running, assigned to carol: 0.5 h each side of midnight × 0.647 = 0.3235
            for (String day : List.of("2026-03-02", "2026-03-03")) {
                CostLedger.Line l = f.line(day, "carol", "aws1");
                assertThat(l.hours()).isCloseTo(0.5, within(CENT_FRACTION));
                assertThat(l.usd()).isCloseTo(0.3235, within(CENT_FRACTION));
                assertThat(l.spotUsd()).isCloseTo(0.108, within(CENT_FRACTION));
                // aws2 (spot, nobody assigned): its owner; 0.5 × 0.216 = 0.108
                assertThat(f.line(day, "inst", "aws2").usd()).isCloseTo(0.108, within(CENT_FRACTION));
            }
        }
    }

    @Test
    void should_bill_only_the_states_the_clouds_bill() {
        try (LedgerFixture f = new LedgerFixture(dir.resolve("l.db"), MORNING, LedgerFixture.noBudgets())) {
            f.vm("az-dealloc", "azure", "Standard_NC4as_T4_v3", false, "deallocated", "inst");
            f.vm("az-stopped", "azure", "Standard_NC4as_T4_v3", false, "stopped", "inst");
            f.vm("aws-stopped", "aws", "g4dn.xlarge", false, "stopped", "inst");
            f.tick.run();
            f.advance(Duration.ofHours(2));
            f.tick.run();

            // Azure bills a VM that is stopped but not deallocated: 2 × 0.526 = 1.052; AWS does not
            assertThat(f.ledger.lines()).extracting(CostLedger.Line::host).containsExactly("az-stopped");
            assertThat(f.line("2026-03-02", "inst", "az-stopped").usd()).isCloseTo(1.052, within(CENT_FRACTION));
        }
    }

    @Test
    void should_price_ssh_hosts_and_the_local_engine_from_the_configuration() {
        var budgets = new LabhandConfig.Budgets(0, 0, Map.of(), Map.of("lab", 0.30, "local", 0.10), Duration.ofMinutes(5));
        try (LedgerFixture f = new LedgerFixture(dir.resolve("l.db"), MORNING, budgets)) {
            f.sshHost("lab", "inst");
            f.sshHost("unpriced", "inst");
            f.workspace("ws-l", "dave", "local", Status.RUNNING);
            f.tick.run();
            f.advance(Duration.ofMinutes(30));
            f.tick.run();

            assertThat(f.line("2026-03-02", "inst", "lab").usd()).isCloseTo(0.15, within(CENT_FRACTION));
            assertThat(f.line("2026-03-02", "dave", "local").usd()).isCloseTo(0.05, within(CENT_FRACTION));
            assertThat(f.ledger.lines()).extracting(CostLedger.Line::host).doesNotContain("unpriced");
        }
    }

    @Test
    void should_neither_count_twice_nor_lose_time_across_a_restart() {
        Path file = dir.resolve("l.db");
        var clock = new dev.labhand.support.MutableClock(MORNING);
        try (LedgerFixture f = new LedgerFixture(file, clock, LedgerFixture.noBudgets())) {
            f.vm("gpu1", "azure", "Standard_NC4as_T4_v3", false, "running", "inst");
            f.workspace("ws-a", "alice", "gpu1", Status.RUNNING);
            f.tick.run();
            f.advance(Duration.ofHours(1));
            f.tick.run();
            f.tick.run(); // a second tick at the same moment adds nothing
            assertThat(f.line("2026-03-02", "alice", "gpu1").usd()).isCloseTo(0.526, within(CENT_FRACTION));
        }
        // the bot was down for two hours with the VM running; the new process accrues them, once
        clock.advance(Duration.ofHours(2));
        try (LedgerFixture f = new LedgerFixture(file, clock, LedgerFixture.noBudgets())) {
            Instant cursor = f.ledger.accruedTo().orElseThrow();
            assertThat(cursor).isEqualTo(MORNING.plus(Duration.ofHours(1)));
            f.tick.run();
            // another process that read the same cursor before this tick moved it adds nothing
            List<CostLedger.Charge> charges = f.tick.charges();
            assertThat(f.ledger.accrue(cursor, clock.instant(), charges)).isFalse();
            assertThat(f.line("2026-03-02", "alice", "gpu1").hours()).isCloseTo(3.0, within(CENT_FRACTION));
            assertThat(f.line("2026-03-02", "alice", "gpu1").usd()).isCloseTo(1.578, within(CENT_FRACTION));
        }
    }
}
