package dev.labhand.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.LabhandProcess;
import dev.labhand.support.LabhandProcess.Result;
import dev.labhand.support.TestApp;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", as a newcomer would see it: {@code labhand console} driven through a pipe,
 * then {@code labhand audit list} and {@code labhand audit verify}, each its own process.
 */
final class ConsoleAcceptanceTest {
    @TempDir
    Path dir;

    private Path config;
    private Path db;

    @BeforeEach
    void setUp() {
        DockerPeer.engine();
        config = TestApp.writeConfig(dir, "");
        db = dir.resolve("labhand.db");
    }

    @AfterEach
    void cleanUp() {
        try (Database d = Database.open(db)) {
            for (WorkspaceRecord r : new WorkspaceRepository(d, Clock.systemUTC()).all()) {
                DockerPeer.engine().inspect("lh-" + r.name()).ifPresent(c -> DockerPeer.engine().remove(c.id()));
            }
        }
    }

    @Test
    void should_create_for_alice_and_refuse_bob_with_both_refusals_audited() {
        Result create = console("alice", "learner", "en", "/workspace create template:busybox-cpu name:ca-demo\n");

        assertThat(create.exitCode()).isZero();
        assertThat(create.stdout()).contains("Workspace 'ca-demo' (busybox-cpu) is running.")
                .contains("token: ").contains("$ docker run -d --name lh-ca-demo");
        var container = DockerPeer.engine().inspect("lh-ca-demo").orElseThrow();
        assertThat(container.running()).isTrue();
        assertThat(container.labels()).containsEntry("labhand.owner", "alice");

        Result bob = console("bob", "learner", "en",
                "/workspace list\n/workspace list owner:alice\n/workspace remove name:ca-demo\n");

        assertThat(bob.exitCode()).isZero();
        assertThat(bob.stdout()).contains("You have no workspaces yet")
                .contains("You can only see your own things, not those of alice.")
                .contains("Workspace 'ca-demo' belongs to another member").doesNotContain("/confirm");
        assertThat(DockerPeer.engine().inspect("lh-ca-demo")).isPresent();

        Result audit = LabhandProcess.run(dir, "", "audit", "list", "--config", config.toString(), "--caller", "bob");
        assertThat(audit.stdout().lines().filter(l -> l.contains(" denied ")).toList()).hasSize(2)
                .anyMatch(l -> l.contains("workspace.list")).anyMatch(l -> l.contains("workspace.remove"));
    }

    @Test
    void should_verify_the_audit_log_and_name_the_row_after_an_edit() {
        console("alice", "learner", "en", "/workspace list\n/image list\n/workspace status name:nothing-here\n");

        Result ok = LabhandProcess.run(dir, "", "audit", "verify", "--config", config.toString());
        assertThat(ok.exitCode()).isZero();
        // two calls that acted (a row ahead, then the outcome) and a refused one
        assertThat(ok.stdout()).contains("intact: 5 rows").contains("signed checkpoints, the newest covering 5 rows");

        try (Database d = Database.open(db)) {
            d.tx(c -> Sql.update(c, "UPDATE audit SET outcome = 'done' WHERE id = 5"));
        }
        Result broken = LabhandProcess.run(dir, "", "audit", "verify", "--config", config.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.stdout()).contains("TAMPERED").contains("edited: row 5 was altered");
    }

    @Test
    void should_confirm_a_removal_with_the_code_it_printed() {
        console("alice", "learner", "en", "/workspace create template:busybox-cpu name:ca-rm\n");
        Result ask = console("alice", "learner", "en", "/workspace remove name:ca-rm\n");
        String code = ask.stdout().replaceAll("(?s).*/confirm ([A-Z0-9]{6}).*", "$1");

        Result done = console("alice", "learner", "en", "/confirm " + code + "\n/confirm " + code + "\n");

        assertThat(done.stdout()).contains("Workspace 'ca-rm' removed.").contains("already used");
        assertThat(DockerPeer.engine().inspect("lh-ca-rm")).isEmpty();
    }

    @Test
    void should_understand_plain_korean_through_the_offline_router_and_offer_help() {
        Result r = console("minji", "learner", "ko",
                "GPU 파이썬 작업공간 하나 만들어줘\n내 작업공간 목록 보여줘\n/help\n/workspace stop\n");

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("어떤 템플릿으로 만들까요?") // the router asks one short question
                .contains("아직 작업공간이 없습니다")                   // "show my workspaces" ran workspace.list
                .contains("사용할 수 있는 명령:").contains("/workspace create template:<")
                .contains("workspace.stop에는 name:... 가 필요합니다")
                .doesNotContain("/image pull"); // an instructor command is not offered to a learner
        Result audit = LabhandProcess.run(dir, "", "audit", "list", "--config", config.toString(), "--caller", "minji");
        assertThat(audit.stdout()).contains(" router ").contains("workspace.list");
    }

    @Test
    void should_name_what_is_broken_and_how_to_fix_it_in_both_languages() {
        console("alice", "learner", "en", "/workspace create template:busybox-broken name:ca-broken\n");

        Result en = console("alice", "learner", "en", "/diag check workspace:ca-broken\n");
        Result ko = console("alice", "learner", "ko", "/diag check workspace:ca-broken\n");

        assertThat(en.stdout()).contains("Nothing listens on port 8787 (rstudio) inside the container")
                .contains("→ The server did not start").contains("Port 8787 (rstudio) is not published");
        assertThat(ko.stdout()).contains("포트 8787 (rstudio)를 듣고 있는 프로그램이 없습니다")
                .contains("→ 서버가 시작되지 않았습니다");
    }

    @Test
    void should_refuse_a_bad_role_with_a_clear_message() {
        Result r = console("eve", "root", "en", "/workspace list\n");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--role must be learner, instructor or admin");
    }

    @Test
    void should_run_doctor_against_the_real_engine() {
        Result r = LabhandProcess.run(dir, "", "doctor", "--config", config.toString(), "--lang", "en");

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("[ok]   configuration valid").contains("[ok]   Docker engine 20.10")
                .contains("[ok]   database writable").contains("journal wal")
                .contains("[note] no NVIDIA runtime");
    }

    @Test
    void should_fail_doctor_with_advice_when_docker_is_unreachable() throws java.io.IOException {
        Path cfg = dir.resolve("unreachable.yaml");
        java.nio.file.Files.writeString(cfg, java.nio.file.Files.readString(config)
                .replace(DockerPeer.HOST, "unix://" + dir.resolve("no-docker.sock")));
        Result r = LabhandProcess.run(dir, "", "doctor", "--config", cfg.toString(), "--lang", "en");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("[FAIL] Docker engine not reachable").contains("scripts/peers.sh");
    }

    private Result console(String as, String role, String lang, String input) {
        return LabhandProcess.run(dir, input, "console", "--as", as, "--role", role, "--lang", lang,
                "--config", config.toString());
    }

}
