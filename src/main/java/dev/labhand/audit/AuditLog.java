package dev.labhand.audit;

import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.store.Sql;
import dev.labhand.tool.AuditSink;
import dev.labhand.util.ProcessIdentity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit table as an append-only hash chain: each row's hash covers its own fields and the previous
 * row's hash, and {@code audit_head} holds the newest row. With a {@link AuditSeal}, the head is also signed
 * into a checkpoint file outside the database every {@code everyRows} rows or {@code every} (whichever comes
 * first) and when Labhand stops, so a log rewritten by someone who can write the database is found too.
 */
public final class AuditLog implements AuditSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    /** How long after its tool's timeout a started call with no outcome counts as interrupted. */
    static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(1);

    private final Database db;
    private final AuditSeal seal;
    private final long everyRows;
    private final Duration every;
    private final Clock clock;
    private final Object sealing = new Object();
    /** Signing takes about a millisecond here: it happens on this thread, not in a member's call. */
    private final java.util.concurrent.ExecutorService sealer =
            java.util.concurrent.Executors.newSingleThreadExecutor(dev.labhand.util.DaemonThreads.named("audit-seal-"));
    private long sealedRows = -1;
    private Instant sealedAt = Instant.EPOCH;
    private long newestRow;
    private String newestHash = AuditChain.GENESIS;

    /** An unsealed log: the chain alone (tests of other parts, benchmarks). */
    public AuditLog(Database db) {
        this(db, null, 0, Duration.ZERO, Clock.systemUTC());
    }

    public AuditLog(Database db, AuditSeal seal, long everyRows, Duration every, Clock clock) {
        this.db = db;
        this.seal = seal;
        this.everyRows = everyRows;
        this.every = every;
        this.clock = clock;
    }

    @Override
    public void record(Entry e) {
        append(e, null);
    }

    @Override
    public long begin(Entry e) {
        return append(new Entry(e.time(), e.callerId(), e.role(), e.origin(), e.tool(), e.argsJson(), AuditRow.STARTED,
                e.detail(), e.confirmedBy(), 0), null);
    }

    @Override
    public void complete(long startedId, Entry e) {
        append(e, startedId);
    }

    private long append(Entry e, Long ref) {
        return append(e, ref, false);
    }

    /**
     * Appends a row; with {@code onlyIfOpen}, only when no row completes {@code ref} yet (checked in the same
     * write transaction: two processes settling the same interrupted call write one row). Returns its id, or
     * 0 when nothing was written.
     */
    private long append(Entry e, Long ref, boolean onlyIfOpen) {
        AuditRow row = db.tx(c -> {
            if (onlyIfOpen && Sql.one(c, "SELECT 1 FROM audit WHERE ref = ?", rs -> 1, ref).isPresent()) return null;
            long prevId = 0;
            String prevHash = AuditChain.GENESIS;
            var head = Sql.one(c, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2)});
            if (head.isPresent()) {
                prevId = (Long) head.get()[0];
                prevHash = (String) head.get()[1];
            }
            AuditRow r = new AuditRow(prevId + 1, e.time().toString(), e.callerId(), e.role(), e.origin(), e.tool(),
                    e.argsJson(), e.outcome(), e.detail() == null ? "" : e.detail(), e.confirmedBy(), e.micros(), ref,
                    prevHash, null);
            r = r.withHash(AuditChain.hashOf(r));
            insert(c, r);
            Sql.update(c, """
                    INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?, ?)
                    ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash""",
                    r.id(), r.hash());
            return r;
        });
        if (row == null) return 0;
        sealIfDue(row.id(), row.hash());
        return row.id();
    }

    /** Seals the newest row this process wrote when enough rows or time have passed since its last seal. */
    private void sealIfDue(long id, String hash) {
        if (seal == null || !seal.canSign()) return;
        synchronized (sealing) {
            if (id > newestRow) {
                newestRow = id;
                newestHash = hash;
            }
            Instant now = clock.instant();
            boolean due = sealedRows < 0 || newestRow - sealedRows >= everyRows
                    || !now.isBefore(sealedAt.plus(every));
            if (due) sealLater(now);
        }
    }

    /** Takes what to seal now (under the lock) and signs it on the sealing thread, in order. */
    private void sealLater(Instant now) {
        long rows = newestRow;
        String hash = newestHash;
        sealedRows = rows;
        sealedAt = now;
        try {
            sealer.execute(() -> append(rows, hash, now));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            append(rows, hash, now);
        }
    }

    private void append(long rows, String hash, Instant at) {
        try {
            seal.append(rows, hash, at);
        } catch (RuntimeException ex) {
            // the rows stand; the next seal covers them, and verify says how many are unsealed
            log.error("could not write the audit checkpoint to {}", seal.checkpointFile(), ex);
        }
    }

    /** Seals the current head now (called when Labhand stops, and by the background timer). */
    public void seal() {
        if (seal == null || !seal.canSign()) return;
        synchronized (sealing) {
            var head = db.read(c -> Sql.one(c, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2)}));
            if (head.isEmpty()) return;
            newestRow = (Long) head.get()[0];
            newestHash = (String) head.get()[1];
            if (newestRow != sealedRows) sealLater(clock.instant());
        }
    }

    /**
     * The log as {@code audit verify} sees it: checked against the checkpoints when a public key exists in
     * {@code keys}; never creates a key.
     */
    public static AuditLog forVerifying(Database db, KeyFolder keys, java.nio.file.Path checkpoints) {
        return new AuditLog(db, AuditSeal.forVerifying(keys, checkpoints).orElse(null), 0, Duration.ZERO,
                Clock.systemUTC());
    }

    /** Newest rows first, optionally only one caller's or one tool's. */
    public List<AuditRow> list(String callerId, String tool, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (callerId != null) {
            sql.append(" AND caller_id = ?");
            params.add(callerId);
        }
        if (tool != null) {
            sql.append(" AND tool = ?");
            params.add(tool);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return db.read(c -> Sql.list(c, sql.toString(), AuditRow::from, params.toArray()));
    }

    /** Checks the chain, the head and (when sealed) every checkpoint. */
    public AuditChain.Verdict verify() {
        List<AuditSeal.Checkpoint> checkpoints = seal == null ? null : seal.read();
        return db.read(c -> AuditChain.verify(c, checkpoints));
    }

    /** Started calls with no outcome yet, oldest first. */
    public List<AuditRow> unfinished() {
        return db.read(c -> Sql.list(c, "SELECT * " + AuditChain.UNFINISHED + " ORDER BY a.id", AuditRow::from));
    }

    /**
     * Records "interrupted" for every started call that cannot still be running: its process (named in the
     * started row) is gone, or, when that cannot be told, it is older than its tool's timeout plus a minute.
     * {@code settle} finishes or undoes what the call left (a record of a removed container, a create that
     * never made its container) and says what it did; its text goes into the row. Returns those calls.
     */
    public List<AuditRow> resolveInterrupted(Function<String, Duration> timeoutOf, Function<AuditRow, String> settle,
                                             String resolver) {
        Instant now = clock.instant();
        List<AuditRow> resolved = new ArrayList<>();
        for (AuditRow r : unfinished()) {
            boolean gone = ProcessIdentity.alive(r.detail())
                    .map(alive -> !alive)
                    .orElseGet(() -> !Instant.parse(r.time()).plus(timeoutOf.apply(r.tool())).plus(INTERRUPTED_AFTER)
                            .isAfter(now));
            if (!gone) continue;
            String done = settle.apply(r);
            long written = append(new Entry(now, r.callerId(), r.role(), resolver, r.tool(), r.args(), AuditRow.INTERRUPTED,
                    "the process stopped while the call ran" + (done.isEmpty() ? "" : "; " + done), r.confirmedBy(), 0),
                    r.id(), true);
            if (written != 0) resolved.add(r); // else another process recorded it first
        }
        return resolved;
    }

    public AuditSeal sealOrNull() {
        return seal;
    }

    @Override
    public void close() {
        try {
            seal();
        } catch (RuntimeException e) {
            log.error("could not seal the audit log on the way out", e);
        }
        sealer.shutdown();
        try {
            if (!sealer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                log.error("the audit checkpoint was not written within 10 s of stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void insert(Connection c, AuditRow r) throws SQLException {
        Sql.update(c, """
                INSERT INTO audit (id, time, caller_id, role, origin, tool, args, outcome, detail, confirmed_by, micros,
                    ref, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                r.id(), r.time(), r.callerId(), r.role(), r.origin(), r.tool(), r.args(), r.outcome(), r.detail(),
                r.confirmedBy(), r.micros(), r.ref(), r.prevHash(), r.hash());
    }
}
