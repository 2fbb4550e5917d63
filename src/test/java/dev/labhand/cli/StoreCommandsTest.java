package dev.labhand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.Database;
import dev.labhand.support.LabhandProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit verify}, {@code audit list} and {@code doctor} need only the database (and the locale):
 * a cron job running them must not need the model's API key, and they must never create a database
 * that was not there.
 */
final class StoreCommandsTest {
    /** A variable no machine sets; removed from the child's environment to be sure. */
    private static final String UNSET = "LABHAND_TEST_NEVER_SET_OPENAI_KEY";

    @TempDir
    Path dir;

    private Path config;
    private Path db;

    @BeforeEach
    void configNamingAnUnsetModelKey() throws IOException {
        db = dir.resolve("labhand.db");
        config = dir.resolve("labhand.yaml");
        Files.writeString(config, """
                database: %s
                locale: en
                docker:
                  host: unix:///var/run/docker.sock
                llm:
                  provider: openai
                  model: gpt-4o-mini
                  apiKey: ${%s}
                """.formatted(db, UNSET));
        try (Database ignored = Database.open(db)) {
            // a real, empty audit log
        }
    }

    @Test
    void should_verify_and_list_the_audit_without_the_model_key() {
        var verify = run("audit", "verify", "--config", config.toString());
        assertThat(verify.stderr()).doesNotContain(UNSET);
        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.stdout()).contains("audit log intact: 0 rows");

        var list = run("audit", "list", "--config", config.toString());
        assertThat(list.stderr()).doesNotContain(UNSET);
        assertThat(list.exitCode()).as(list.stderr()).isZero();
    }

    @Test
    void should_run_doctor_without_the_model_key_and_say_what_the_bot_will_need() {
        var doctor = run("doctor", "--config", config.toString());

        assertThat(doctor.stdout()).doesNotContain("configuration invalid").contains("[ok]   configuration valid");
        assertThat(doctor.stdout()).contains("[note]").contains("llm.apiKey").contains(UNSET);
        assertThat(doctor.stdout()).contains("[ok]   database writable");
        assertThat(doctor.exitCode()).as(doctor.stdout() + doctor.stderr()).isZero();
    }

    @Test
    void should_still_fail_when_a_key_they_need_does_not_resolve() throws IOException {
        Files.writeString(config, "database: ${" + UNSET + "}/labhand.db\n");

        var verify = run("audit", "verify", "--config", config.toString());

        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.stderr()).contains("'database'").contains(UNSET);
    }

    @Test
    void should_refuse_a_missing_database_instead_of_creating_an_empty_one() {
        Path missing = dir.resolve("no-such-folder-typo.db");

        var verify = run("audit", "verify", "--config", config.toString(), "--db", missing.toString());
        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.stderr()).contains(missing.toString()).contains("no database");
        assertThat(verify.stdout()).doesNotContain("intact");
        assertThat(missing).doesNotExist();

        var list = run("audit", "list", "--config", config.toString(), "--db", missing.toString());
        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.stderr()).contains(missing.toString());
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("no-such-folder-typo.db-wal")).doesNotExist();
    }

    private LabhandProcess.Result run(String... args) {
        ProcessBuilder pb = LabhandProcess.builder(dir, args);
        pb.environment().remove(UNSET);
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("labhand " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new LabhandProcess.Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
