package dev.labhand.ops;

import dev.labhand.store.HostRecord;
import dev.labhand.store.HostRepository;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One accrual: every billed host's hours since the ledger's cursor, split equally among the members using it
 * now — the owners of its running workspaces, else the members assigned to it, else its owner. What a host did
 * between two ticks is taken as what it does at the tick, so a tick is the ledger's resolution.
 */
final class LedgerTick implements Runnable {
    private final CostLedger ledger;
    private final HostPrices prices;
    private final HostRepository hosts;
    private final WorkspaceRepository workspaces;
    private final Clock clock;
    private final Runnable afterwards;

    LedgerTick(CostLedger ledger, HostPrices prices, HostRepository hosts, WorkspaceRepository workspaces, Clock clock,
               Runnable afterwards) {
        this.ledger = ledger;
        this.prices = prices;
        this.hosts = hosts;
        this.workspaces = workspaces;
        this.clock = clock;
        this.afterwards = afterwards;
    }

    @Override
    public void run() {
        Instant now = clock.instant();
        Optional<Instant> cursor = ledger.accruedTo();
        if (cursor.isEmpty()) {
            ledger.startAt(now);
            return;
        }
        if (ledger.accrue(cursor.get(), now, charges())) afterwards.run();
    }

    /** Who pays for what, as things stand now. */
    List<CostLedger.Charge> charges() {
        List<WorkspaceRecord> running = workspaces.all().stream()
                .filter(w -> w.status() == WorkspaceRecord.Status.RUNNING).toList();
        List<CostLedger.Charge> out = new ArrayList<>();
        for (HostRecord h : hosts.all()) {
            prices.billedNow(h).ifPresent(rate -> split(out, h.name(), rate, users(h, running)));
        }
        prices.local().ifPresent(rate -> split(out, HostRecord.LOCAL, rate, owners(HostRecord.LOCAL, running)));
        return out;
    }

    private List<String> users(HostRecord h, List<WorkspaceRecord> running) {
        List<String> users = owners(h.name(), running);
        if (users.isEmpty()) users = hosts.members(h.name());
        return users.isEmpty() ? List.of(h.ownerId()) : users;
    }

    private static List<String> owners(String host, List<WorkspaceRecord> running) {
        return running.stream().filter(w -> w.host().equals(host)).map(WorkspaceRecord::ownerId).distinct().sorted().toList();
    }

    private static void split(List<CostLedger.Charge> out, String host, HostPrices.Rate rate, List<String> members) {
        for (String m : members) out.add(new CostLedger.Charge(m, host, 1.0 / members.size(), rate));
    }
}
