package dev.labhand.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditChain.Tamper;
import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.support.LabhandProcess;
import dev.labhand.support.MutableClock;
import dev.labhand.tool.AuditSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

    private int logs;
    private Path dbFile;
    private KeyFolder keys;
    private Path checkpoints;

    @BeforeEach
    void writeASealedLog() {
        Path here = dir.resolve("log-" + (++logs));
        dbFile = here.resolve("labhand.db");
        keys = new KeyFolder(here.resolve("keys"));
        checkpoints = here.resolve("labhand.db.checkpoints");
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

    @ParameterizedTest
    @EnumSource(Tampering.class)
    void should_find_and_name_each_way_of_rewriting_the_log(Tampering tampering) {
        tampering.apply(dbFile, checkpoints);

        AuditChain.Verdict v = verify();
        assertThat(v.ok()).as(tampering.description).isFalse();
        assertThat(v.has(tampering.expected)).as(tampering.description + ": " + v.reason()).isTrue();
    }

    @Test
    void should_name_the_rows_where_each_shows() {
        assertFoundAt(Tampering.EDITED, Tamper.EDITED, 14, "row 14 was altered");
        assertFoundAt(Tampering.EDITED_AND_RECOMPUTED, Tamper.RECOMPUTED, 12, "rows 12–21 were rewritten");
        assertFoundAt(Tampering.TAIL_TRUNCATED, Tamper.TRUNCATED, 46, "sealed 60 rows");
        assertFoundAt(Tampering.WIPED, Tamper.WIPED, 1, "every row is gone");
        assertFoundAt(Tampering.INSERTED, Tamper.INSERTED, 30, "row 30");
        assertFoundAt(Tampering.REORDERED, Tamper.REORDERED, 33, "row 33 follows row 34");
        assertFoundAt(Tampering.DELETED, Tamper.DELETED, 25, "row 25 is missing");
        assertFoundAt(Tampering.APPENDED, Tamper.APPENDED, 61, "after the recorded head");
        assertFoundAt(Tampering.CHECKPOINT_FORGED, Tamper.CHECKPOINT, 1, "checkpoint line 1 has a signature");
    }

    @Test
    void should_find_rows_deleted_renumbered_and_rechained_as_rewritten_and_short() {
        Tampering.DELETED_RENUMBERED_RECHAINED.apply(dbFile, checkpoints);

        AuditChain.Verdict v = verify();
        assertThat(v.has(Tamper.RECOMPUTED)).isTrue();
        assertThat(v.has(Tamper.TRUNCATED)).as(v.reason()).isTrue(); // 31 rows fewer than the newest checkpoint sealed
    }

    @Test
    void should_say_what_was_found_and_exit_1_from_the_command_line() throws Exception {
        Tampering.EDITED_AND_RECOMPUTED.apply(dbFile, checkpoints);
        Path config = dir.resolve("labhand.yaml");
        Files.writeString(config, "database: " + dbFile + "\naudit:\n  keys: " + keys.dir() + "\n");

        var run = LabhandProcess.run(dir, "", "audit", "verify", "--config", config.toString());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).contains("TAMPERED").contains("recomputed: rows 12–21 were rewritten");
    }

    @Test
    void should_show_the_key_to_pin_in_doctor_and_fail_doctor_on_a_tampered_log() throws Exception {
        Path config = dir.resolve("labhand.yaml");
        Files.writeString(config, "database: " + dbFile + "\naudit:\n  keys: " + keys.dir() + "\n");
        String fingerprint = AuditSeal.forVerifying(keys, checkpoints).orElseThrow().fingerprint();

        var good = LabhandProcess.run(dir, "", "doctor", "--lang", "en", "--config", config.toString());
        Tampering.TAIL_TRUNCATED.apply(dbFile, checkpoints);
        var bad = LabhandProcess.run(dir, "", "doctor", "--lang", "en", "--config", config.toString());

        assertThat(good.stdout()).contains("[ok]   audit key " + fingerprint).contains("audit log intact: 60 rows");
        assertThat(bad.stdout()).contains("[FAIL] the audit log was tampered with").contains("ends at row 45");
        assertThat(bad.exitCode()).isEqualTo(1);
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

    /** Applies {@code tampering} to a fresh copy of the log and checks where and how it is named. */
    private void assertFoundAt(Tampering tampering, Tamper kind, long row, String text) {
        writeASealedLog();
        tampering.apply(dbFile, checkpoints);
        AuditChain.Verdict v = verify();
        assertThat(v.findings()).as(tampering + ": " + v.reason()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(kind);
            assertThat(f.row()).isEqualTo(row);
            assertThat(f.text()).contains(text);
        });
    }

    private AuditChain.Verdict verify() {
        try (Database db = Database.open(dbFile)) {
            return AuditLog.forVerifying(db, keys, checkpoints).verify();
        }
    }
}
