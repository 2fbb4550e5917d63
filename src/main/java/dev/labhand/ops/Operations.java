package dev.labhand.ops;

import dev.labhand.config.LabhandConfig;
import dev.labhand.store.Database;
import dev.labhand.store.HostRepository;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Tool;
import dev.labhand.vm.CloudCatalog;
import dev.labhand.workspace.DockerEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Running a class, put together: the ledger and its tick, budgets (the gateway's policy), the budget tools,
 * the meters and the operations endpoint. Wiring makes one and hands its parts to the gateway.
 */
public final class Operations implements AutoCloseable {
    private final LabhandConfig config;
    private final Metrics metrics = new Metrics();
    private final CostLedger ledger;
    private final BudgetBook book;
    private final LedgerTick tick;
    private final Health health;
    private final WorkspaceRepository workspaces;
    private final MemberNames names;
    private OperationsServer server;

    public Operations(LabhandConfig config, Database db, HostRepository hosts, WorkspaceRepository workspaces,
                      CloudCatalog clouds, DockerEngine engine, Notifier notifier, MemberNames names, Clock clock) {
        this.config = config;
        this.workspaces = workspaces;
        this.names = names;
        this.ledger = new CostLedger(db);
        this.book = new BudgetBook(config.budgets(), ledger, db, notifier, clock);
        this.tick = new LedgerTick(ledger, new HostPrices(clouds, config.budgets()), hosts, workspaces, clock,
                book::alertCrossings);
        this.health = new Health(db, engine, clock);
    }

    public Metrics metrics() {
        return metrics;
    }

    public MeterRegistry meters() {
        return metrics.registry();
    }

    /** The gateway's budget policy. */
    public BudgetBook budgets() {
        return book;
    }

    /** One accrual of the ledger (and the alerts it may cause); what the background tick runs. */
    public void accrue() {
        tick.run();
    }

    public List<Tool> tools() {
        return List.of(new BudgetShowTool(book, ledger, names), new BudgetGrantTool(book, names));
    }

    /** Discord runs in this process: /healthz also checks its connection. */
    public void watchDiscord(BooleanSupplier connected) {
        health.watchDiscord(connected);
    }

    /** Starts /metrics and /healthz unless {@code operations.http.bind} is {@code off}; returns the port, or -1. */
    public synchronized int serve() {
        if (config.operations().httpOff()) return -1;
        if (server == null) {
            server = new OperationsServer(config.operations().httpBind(),
                    () -> metrics.scrape(workspaces, book, ledger), health::check);
        }
        return server.port();
    }

    @Override
    public synchronized void close() {
        if (server != null) server.close();
        server = null;
    }
}
