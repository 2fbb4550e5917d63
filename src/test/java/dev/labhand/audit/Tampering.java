package dev.labhand.audit;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What someone who can write the SQLite file (and run this code) can do to a log of at least 60 rows:
 * the tamper classes {@code AuditTamperTest} and {@code scripts/chaos.sh} check {@code audit verify} against.
 */
public enum Tampering {
    EDITED("an outcome edited (a refusal made a success)", AuditChain.Tamper.EDITED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, FLIP_OUTCOME);
        }
    },
    EDITED_AND_RECOMPUTED("an edit, the whole chain and head recomputed", AuditChain.Tamper.RECOMPUTED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, FLIP_OUTCOME);
            rechain(db);
        }
    },
    DELETED_RENUMBERED_RECHAINED("31 rows deleted, renumbered, re-chained", AuditChain.Tamper.RECOMPUTED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, "DELETE FROM audit WHERE id BETWEEN 20 AND 50");
            sql(db, "UPDATE audit SET id = id - 31 WHERE id > 50");
            rechain(db);
        }
    },
    TAIL_TRUNCATED("the tail deleted, the head moved back", AuditChain.Tamper.TRUNCATED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, "DELETE FROM audit WHERE id > 45");
            sql(db, "UPDATE audit_head SET last_id = 45, last_hash = (SELECT hash FROM audit WHERE id = 45)");
        }
    },
    WIPED("every row and the head deleted", AuditChain.Tamper.WIPED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, "DELETE FROM audit");
            sql(db, "DELETE FROM audit_head");
        }
    },
    INSERTED("a forged row inserted in the middle", AuditChain.Tamper.INSERTED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, "UPDATE audit SET id = id + 100000 WHERE id >= 30");
            sql(db, "UPDATE audit SET id = id - 99999 WHERE id >= 100000");
            sql(db, "INSERT INTO audit SELECT 30, time, 'mallory', role, origin, tool, args, outcome, detail, "
                    + "confirmed_by, micros, prev_hash, hash, ref FROM audit WHERE id = 29");
        }
    },
    REORDERED("two rows swapped", AuditChain.Tamper.REORDERED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, "UPDATE audit SET id = -33 WHERE id = 33");
            sql(db, "UPDATE audit SET id = 33 WHERE id = 34");
            sql(db, "UPDATE audit SET id = 34 WHERE id = -33");
        }
    },
    DELETED("a row deleted from the middle", AuditChain.Tamper.DELETED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, "DELETE FROM audit WHERE id = 25");
        }
    },
    APPENDED("a row appended past the head", AuditChain.Tamper.APPENDED) {
        public void apply(Path db, Path checkpoints) {
            sql(db, "INSERT INTO audit SELECT (SELECT max(id) + 1 FROM audit), time, caller_id, role, origin, tool, "
                    + "args, outcome, detail, confirmed_by, micros, hash, hash, ref FROM audit "
                    + "WHERE id = (SELECT max(id) FROM audit)");
        }
    },
    CHECKPOINT_FORGED("a checkpoint line rewritten", AuditChain.Tamper.CHECKPOINT) {
        public void apply(Path db, Path checkpoints) {
            try {
                List<String> lines = new ArrayList<>(Files.readAllLines(checkpoints));
                String[] f = lines.get(0).split(" ");
                f[1] = "f".repeat(64);
                lines.set(0, String.join(" ", f));
                Files.write(checkpoints, lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** Row 14's outcome turned into another one, whatever it was. */
    private static final String FLIP_OUTCOME =
            "UPDATE audit SET outcome = CASE outcome WHEN 'done' THEN 'denied' ELSE 'done' END WHERE id = 14";

    public final String description;
    /** What {@code audit verify} must name it as. */
    public final AuditChain.Tamper expected;

    Tampering(String description, AuditChain.Tamper expected) {
        this.description = description;
        this.expected = expected;
    }

    public abstract void apply(Path db, Path checkpoints);

    static void sql(Path file, String statement) {
        try (Database db = Database.open(file)) {
            db.tx(c -> Sql.update(c, statement));
        }
    }

    /** Recomputes every row's hash and the head, as an attacker with this code can. */
    static void rechain(Path file) {
        try (Database db = Database.open(file)) {
            db.tx(c -> {
                List<AuditRow> rows = Sql.list(c, "SELECT * FROM audit ORDER BY id", AuditRow::from);
                String prev = AuditChain.GENESIS;
                for (AuditRow r : rows) {
                    AuditRow again = new AuditRow(r.id(), r.time(), r.callerId(), r.role(), r.origin(), r.tool(), r.args(),
                            r.outcome(), r.detail(), r.confirmedBy(), r.micros(), r.ref(), prev, null);
                    again = again.withHash(AuditChain.hashOf(again));
                    Sql.update(c, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", again.prevHash(), again.hash(),
                            r.id());
                    prev = again.hash();
                }
                AuditRow last = rows.get(rows.size() - 1);
                return Sql.update(c, "UPDATE audit_head SET last_id = ?, last_hash = ?", last.id(), prev);
            });
        }
    }
}
