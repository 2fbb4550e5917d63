package dev.labhand.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditChain.Tamper;
import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.store.Sql;
import dev.labhand.support.LabhandProcess;
import dev.labhand.support.MutableClock;
import dev.labhand.tool.AuditSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker who can write the SQLite file but not the key folder or the checkpoint file: every way of
 * rewriting the log, including recomputing the whole hash chain and the head, is found by
 * {@code audit verify} and named.
 */
final class AuditTamperTest {
    private static final int ROWS = 60;

    @TempDir
    Path dir;

    private Path dbFile;
    private KeyFolder keys;
    private Path checkpoints;

    @BeforeEach
    void writeASealedLog() {
        dbFile = dir.resolve("labhand.db");
        keys = new KeyFolder(dir.resolve("keys"));
        checkpoints = dir.resolve("labhand.db.checkpoints");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        try (Database db = Database.open(dbFile);
             AuditLog log = new AuditLog(db, AuditSeal.forWriting(keys, checkpoints), 10, Duration.ofHours(1), clock)) {
            for (int i = 1; i <= ROWS; i++) {
                clock.advance(Duration.ofSeconds(1));
                String outcome = i % 7 == 0 ? "denied" : "done";
                log.record(new AuditSink.Entry(clock.instant(), i % 2 == 0 ? "alice" : "bob", "learner", "console",
                        "workspace.list", "{}", outcome, "", null, 100 + i));
            }
        }
    }

    @Test
    void should_keep_its_keys_and_checkpoints_private_and_find_an_untouched_log_intact() throws Exception {
        AuditChain.Verdict v = verify();

        assertThat(v.ok()).as(v.reason()).isTrue();
        assertThat(v.rows()).isEqualTo(ROWS);
        assertThat(v.sealedRows()).isEqualTo(ROWS); // sealed on close
        assertThat(v.checkpoints()).isGreaterThanOrEqualTo(6);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.file(AuditSeal.PRIVATE_KEY))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(checkpoints))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dbFile))).isEqualTo("rw-------");
    }

    @Test
    void should_find_an_edited_row() {
        sql("UPDATE audit SET outcome = 'done' WHERE id = 14");

        assertFound(Tamper.EDITED, 14);
    }

    @Test
    void should_find_an_edit_whose_whole_chain_and_head_were_recomputed() {
        sql("UPDATE audit SET outcome = 'done' WHERE id = 14"); // a refusal made to look like success
        rechain();

        AuditChain.Verdict v = verify();
        assertThat(v.findings()).extracting(AuditChain.Finding::kind).containsExactly(Tamper.RECOMPUTED);
        assertThat(v.reason()).contains("rows 12–21 were rewritten");
    }

    @Test
    void should_find_rows_deleted_renumbered_and_rechained() {
        sql("DELETE FROM audit WHERE id BETWEEN 20 AND 50");
        sql("UPDATE audit SET id = id - 31 WHERE id > 50");
        rechain();

        AuditChain.Verdict v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.has(Tamper.RECOMPUTED)).isTrue();
        assertThat(v.has(Tamper.TRUNCATED)).as(v.reason()).isTrue(); // 31 rows fewer than the newest checkpoint sealed
    }

    @Test
    void should_find_the_tail_deleted_with_the_head_moved_back() {
        sql("DELETE FROM audit WHERE id > 45");
        sql("UPDATE audit_head SET last_id = 45, last_hash = (SELECT hash FROM audit WHERE id = 45)");

        assertFound(Tamper.TRUNCATED, 46);
    }

    @Test
    void should_find_every_row_and_the_head_wiped() {
        sql("DELETE FROM audit");
        sql("DELETE FROM audit_head");

        AuditChain.Verdict v = verify();
        assertThat(v.findings()).extracting(AuditChain.Finding::kind).containsExactly(Tamper.WIPED);
        assertThat(v.reason()).contains("every row is gone").contains("60 rows");
    }

    @Test
    void should_find_a_row_inserted_in_the_middle() {
        sql("UPDATE audit SET id = id + 1000 WHERE id >= 30");
        sql("UPDATE audit SET id = id - 999 WHERE id >= 1000");
        sql("INSERT INTO audit SELECT 30, time, 'mallory', role, origin, tool, args, outcome, detail, confirmed_by, "
                + "micros, prev_hash, hash, ref FROM audit WHERE id = 29");

        assertFound(Tamper.INSERTED, 30);
    }

    @Test
    void should_find_two_rows_swapped() {
        sql("UPDATE audit SET id = -33 WHERE id = 33");
        sql("UPDATE audit SET id = 33 WHERE id = 34");
        sql("UPDATE audit SET id = 34 WHERE id = -33");

        assertFound(Tamper.REORDERED, 33);
    }

    @Test
    void should_find_a_row_deleted_from_the_middle() {
        sql("DELETE FROM audit WHERE id = 25");

        assertFound(Tamper.DELETED, 25);
    }

    @Test
    void should_find_a_row_appended_past_the_head() {
        sql("INSERT INTO audit SELECT 61, time, caller_id, role, origin, tool, args, outcome, detail, confirmed_by, "
                + "micros, hash, hash, ref FROM audit WHERE id = 60");

        assertFound(Tamper.APPENDED, 61);
    }

    @Test
    void should_find_a_forged_checkpoint() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(checkpoints));
        String[] f = lines.get(2).split(" ");
        f[1] = "f".repeat(64);
        lines.set(2, String.join(" ", f));
        Files.write(checkpoints, lines);

        AuditChain.Verdict v = verify();
        assertThat(v.has(Tamper.CHECKPOINT)).isTrue();
        assertThat(v.reason()).contains("checkpoint line 3 has a signature that does not match");
    }

    @Test
    void should_say_what_was_found_and_exit_1_from_the_command_line() throws Exception {
        sql("UPDATE audit SET outcome = 'done' WHERE id = 14");
        rechain();
        Path config = dir.resolve("labhand.yaml");
        Files.writeString(config, "database: " + dbFile + "\naudit:\n  keys: " + keys.dir() + "\n");

        var run = LabhandProcess.run(dir, "", "audit", "verify", "--config", config.toString());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).contains("TAMPERED").contains("recomputed: rows 12–21 were rewritten");
    }

    @Test
    void should_verify_from_the_command_line_without_creating_a_key_or_a_database() throws Exception {
        Path config = dir.resolve("labhand.yaml");
        Files.writeString(config, "database: " + dbFile + "\naudit:\n  keys: " + keys.dir() + "\n");

        var intact = LabhandProcess.run(dir, "", "audit", "verify", "--config", config.toString());
        var missing = LabhandProcess.run(dir, "", "audit", "verify", "--db", dir.resolve("nope.db").toString());

        assertThat(intact.exitCode()).as(intact.stdout() + intact.stderr()).isZero();
        assertThat(intact.stdout()).contains("audit log intact: 60 rows").contains("signed checkpoints");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("nope.db")).doesNotExist();
        assertThat(dir.resolve("keys-nope")).doesNotExist();
    }

    private void assertFound(Tamper kind, long row) {
        AuditChain.Verdict v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.findings()).as(v.reason()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(kind);
            assertThat(f.row()).isEqualTo(row);
        });
    }

    private AuditChain.Verdict verify() {
        try (Database db = Database.openExisting(dbFile)) {
            return AuditLog.forVerifying(db, keys, checkpoints).verify();
        }
    }

    /** What an attacker with the database and this code can do: recompute every hash and the head. */
    private void rechain() {
        try (Database db = Database.open(dbFile)) {
            db.tx(c -> {
                List<AuditRow> rows = Sql.list(c, "SELECT * FROM audit ORDER BY id", AuditRow::from);
                String prev = AuditChain.GENESIS;
                for (AuditRow r : rows) {
                    AuditRow again = new AuditRow(r.id(), r.time(), r.callerId(), r.role(), r.origin(), r.tool(), r.args(),
                            r.outcome(), r.detail(), r.confirmedBy(), r.micros(), r.ref(), prev, null);
                    again = again.withHash(AuditChain.hashOf(again));
                    Sql.update(c, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", again.prevHash(), again.hash(), r.id());
                    prev = again.hash();
                }
                AuditRow last = rows.get(rows.size() - 1);
                return Sql.update(c, "UPDATE audit_head SET last_id = ?, last_hash = ?", last.id(), prev);
            });
        }
    }

    private void sql(String statement) {
        try (Database db = Database.open(dbFile)) {
            db.tx(c -> Sql.update(c, statement));
        }
    }
}
