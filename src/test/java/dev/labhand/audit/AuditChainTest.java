package dev.labhand.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.Labhand;
import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.tool.AuditSink;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AuditChainTest {
    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeTenRows() {
        file = dir.resolve("audit.db");
        try (Database db = Database.open(file)) {
            AuditLog log = new AuditLog(db);
            for (int i = 1; i <= 10; i++) {
                log.record(new AuditSink.Entry(Instant.parse("2026-11-28T10:00:00Z").plusSeconds(i), "alice", "learner",
                        "console", "workspace.list", "{}", "done", "", null, 100 + i));
            }
        }
    }

    @Test
    void should_verify_an_untouched_log() {
        assertThat(verify().ok()).isTrue();
        assertThat(verify().rows()).isEqualTo(10);
        assertThat(Labhand.run("audit", "verify", "--db", file.toString())).isZero();
    }

    @Test
    void should_name_the_row_whose_contents_were_edited() {
        sql("UPDATE audit SET outcome = 'denied' WHERE id = 4");

        AuditChain.Verdict v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.badRow()).isEqualTo(4);
        assertThat(v.reason()).contains("altered");
        assertThat(Labhand.run("audit", "verify", "--db", file.toString())).isEqualTo(1);
    }

    @Test
    void should_notice_an_edit_that_also_recomputed_the_rows_own_hash() {
        try (Database db = Database.open(file)) {
            db.tx(c -> {
                AuditRow r = Sql.one(c, "SELECT * FROM audit WHERE id = 6", AuditRow::from).orElseThrow();
                AuditRow forged = new AuditRow(r.id(), r.time(), "mallory", r.role(), r.origin(), r.tool(), r.args(),
                        r.outcome(), r.detail(), r.confirmedBy(), r.micros(), r.ref(), r.prevHash(), null);
                return Sql.update(c, "UPDATE audit SET caller_id = 'mallory', hash = ? WHERE id = 6",
                        AuditChain.hashOf(forged));
            });
        }
        AuditChain.Verdict v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.badRow()).isEqualTo(7); // row 7 no longer follows row 6
    }

    @Test
    void should_name_a_deleted_row() {
        sql("DELETE FROM audit WHERE id = 5");

        AuditChain.Verdict v = verify();
        assertThat(v.badRow()).isEqualTo(5);
        assertThat(v.reason()).contains("missing");
    }

    @Test
    void should_notice_the_newest_row_deleted() {
        sql("DELETE FROM audit WHERE id = 10");

        AuditChain.Verdict v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.badRow()).isEqualTo(10);
    }

    @Test
    void should_notice_an_inserted_row() {
        sql("UPDATE audit SET id = id + 1000 WHERE id >= 3");
        sql("UPDATE audit SET id = id - 999 WHERE id >= 1000");
        sql("INSERT INTO audit SELECT 3, time, 'mallory', role, origin, tool, args, outcome, detail, confirmed_by, "
                + "micros, prev_hash, hash, ref FROM audit WHERE id = 2");

        AuditChain.Verdict v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.badRow()).isEqualTo(3);
    }

    @Test
    void should_notice_a_row_appended_outside_the_chain() {
        sql("INSERT INTO audit SELECT 11, time, caller_id, role, origin, tool, args, outcome, detail, confirmed_by, "
                + "micros, hash, hash, ref FROM audit WHERE id = 10");

        AuditChain.Verdict v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.badRow()).isEqualTo(11);
    }

    private AuditChain.Verdict verify() {
        try (Database db = Database.open(file)) {
            return new AuditLog(db).verify();
        }
    }

    private void sql(String statement) {
        try (Database db = Database.open(file)) {
            db.tx(c -> Sql.update(c, statement));
        }
    }
}
