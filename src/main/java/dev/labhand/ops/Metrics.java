package dev.labhand.ops;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.AuditSink;
import dev.labhand.tool.CallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Labhand's meters in one Prometheus registry. Counted as they happen: tool calls by tool and outcome (latency
 * histograms), audit writes, Discord acknowledgements, idle culls ({@code labhand_idle_culls_total}, incremented
 * by whoever culls). Read at each scrape: workspaces by state and host, VM hours by host, budget use.
 */
public final class Metrics implements CallObserver {
    /** The counter idle culling increments: {@code meters().counter(IDLE_CULLS)}. */
    public static final String IDLE_CULLS = "labhand.idle.culls";

    /** Histogram buckets for every latency: a few per decade from 5 ms to 10 min keep /metrics small. */
    private static final Duration[] BUCKETS = java.util.stream.LongStream.of(5, 10, 25, 50, 100, 250, 500, 1_000,
            2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000).mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter idleCulls;
    private final Timer discordAck;
    private final MultiGauge workspaceGauge;
    private final MultiGauge vmHours;
    private final MultiGauge budgetSpent;
    private final MultiGauge budgetLimit;

    public Metrics() {
        discordAck = Timer.builder("labhand.discord.ack").description("time for an interaction's acknowledgement to reach Discord")
                .serviceLevelObjectives(BUCKETS).register(registry);
        idleCulls = Counter.builder(IDLE_CULLS).description("workspaces stopped for being idle").register(registry);
        workspaceGauge = MultiGauge.builder("labhand.workspaces").description("workspaces by state and host")
                .register(registry);
        vmHours = MultiGauge.builder("labhand.vm.hours").description("hours each VM or priced host was billed (ledger)")
                .register(registry);
        budgetSpent = MultiGauge.builder("labhand.budget.spent.usd").description("spent, USD (ledger)").register(registry);
        budgetLimit = MultiGauge.builder("labhand.budget.limit.usd").description("budget incl. grants, USD (0 = none)")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public Counter idleCulls() {
        return idleCulls;
    }

    @Override
    public void called(String tool, String outcome, long nanos) {
        Timer.builder("labhand.tool.calls").description("tool calls through the gateway")
                .tags("tool", tool, "outcome", outcome).serviceLevelObjectives(BUCKETS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One Discord acknowledgement's round trip. */
    public void discordAck(long nanos) {
        discordAck.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The audit sink with each write timed ({@code labhand_audit_write_seconds{op}}). */
    public AuditSink timed(AuditSink audit) {
        Timer record = auditTimer("record");
        Timer begin = auditTimer("begin");
        Timer complete = auditTimer("complete");
        return new AuditSink() {
            @Override
            public void record(Entry entry) {
                record.record(() -> audit.record(entry));
            }

            @Override
            public long begin(Entry entry) {
                return begin.record(() -> audit.begin(entry));
            }

            @Override
            public void complete(long startedId, Entry entry) {
                complete.record(() -> audit.complete(startedId, entry));
            }
        };
    }

    private Timer auditTimer(String op) {
        return Timer.builder("labhand.audit.write").description("audit row writes").tag("op", op)
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** Reads the figures kept elsewhere (the store, the ledger) into their gauges, then renders every meter. */
    String scrape(WorkspaceRepository workspaces, BudgetBook book, CostLedger ledger) {
        if (workspaces != null) {
            Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
            for (WorkspaceRecord w : workspaces.all()) counts.merge(List.of(w.status().name().toLowerCase(), w.host()), 1, Integer::sum);
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            counts.forEach((k, n) -> rows.add(MultiGauge.Row.of(Tags.of("state", k.get(0), "host", k.get(1)), n)));
            workspaceGauge.register(rows, true);
        }
        if (ledger != null) {
            Map<String, Double> hours = new TreeMap<>();
            ledger.lines().forEach(l -> hours.merge(l.host(), l.hours(), Double::sum));
            vmHours.register(hours.entrySet().stream().<MultiGauge.Row<?>>map(e ->
                    MultiGauge.Row.of(Tags.of("host", e.getKey()), e.getValue())).toList(), true);
        }
        if (book != null) {
            List<MultiGauge.Row<?>> spent = new ArrayList<>();
            List<MultiGauge.Row<?>> limit = new ArrayList<>();
            BudgetBook.Standing all = book.classWide();
            spent.add(MultiGauge.Row.of(Tags.of("scope", BudgetBook.CLASS), all.spent()));
            limit.add(MultiGauge.Row.of(Tags.of("scope", BudgetBook.CLASS), all.budget()));
            book.members().forEach((m, s) -> {
                spent.add(MultiGauge.Row.of(Tags.of("scope", m), s.spent()));
                limit.add(MultiGauge.Row.of(Tags.of("scope", m), s.budget()));
            });
            budgetSpent.register(spent, true);
            budgetLimit.register(limit, true);
        }
        return registry.scrape();
    }
}
