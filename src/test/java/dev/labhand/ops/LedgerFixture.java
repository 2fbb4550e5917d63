package dev.labhand.ops;

import dev.labhand.config.LabhandConfig;
import dev.labhand.store.Database;
import dev.labhand.store.HostRecord;
import dev.labhand.store.HostRepository;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.support.MutableClock;
import dev.labhand.vm.CloudCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A real SQLite store with the course's price tables, hosts and workspaces put in by hand, and a clock to move. */
final class LedgerFixture implements AutoCloseable {
    static final CloudCatalog CLOUDS = CloudCatalog.load(Path.of("config/clouds"), LabhandConfig.env(Map.of()));

    final Path file;
    final MutableClock clock;
    final Database db;
    final HostRepository hosts;
    final WorkspaceRepository workspaces;
    final CostLedger ledger;
    final LedgerTick tick;

    LedgerFixture(Path file, Instant start, LabhandConfig.Budgets budgets) {
        this(file, new MutableClock(start), budgets);
    }

    LedgerFixture(Path file, MutableClock clock, LabhandConfig.Budgets budgets) {
        this.file = file;
        this.clock = clock;
        this.db = Database.open(file);
        this.hosts = new HostRepository(db, clock);
        this.workspaces = new WorkspaceRepository(db, clock);
        this.ledger = new CostLedger(db);
        this.tick = new LedgerTick(ledger, new HostPrices(CLOUDS, budgets), hosts, workspaces, clock, () -> { });
    }

    static LabhandConfig.Budgets noBudgets() {
        return new LabhandConfig.Budgets(0, 0, Map.of(), Map.of(), Duration.ofMinutes(5));
    }

    void vm(String name, String provider, String size, boolean spot, String state, String owner) {
        hosts.insert(new HostRecord(name, provider, owner, "region", size, spot, Map.of(), "127.0.0.1", 22, "labhand",
                null, state, null, null, null, clock.instant(), clock.instant()));
    }

    void sshHost(String name, String owner) {
        hosts.insert(new HostRecord(name, "ssh", owner, null, null, false, Map.of(), "127.0.0.1", 22, "labhand",
                null, "running", null, null, null, clock.instant(), clock.instant()));
    }

    void workspace(String name, String owner, String host, WorkspaceRecord.Status status) {
        workspaces.insert(new WorkspaceRecord(name + "-id", name, owner, "busybox-gpu", host, "c-" + name, status,
                Map.of(), null, clock.instant(), clock.instant()));
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** The ledger row of one member on one host and day; fails when there is none. */
    CostLedger.Line line(String day, String member, String host) {
        return ledger.lines().stream().filter(l -> l.day().toString().equals(day) && l.memberId().equals(member)
                && l.host().equals(host)).findFirst().orElseThrow(() -> new AssertionError(
                "no ledger row for " + member + " on " + host + " on " + day + ": " + ledger.lines()));
    }

    @Override
    public void close() {
        db.close();
    }
}
