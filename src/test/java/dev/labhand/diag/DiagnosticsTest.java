package dev.labhand.diag;

import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import dev.labhand.workspace.ContainerPlan;
import dev.labhand.workspace.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Declared diagnostics and checkups against real containers on the local engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DiagnosticsTest {
    private TestApp t;
    private final Caller alice = learner("alice");
    private final Caller bob = learner("bob");
    private final Caller ines = instructor("ines");

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path tools = dir.resolve("tools");
        Files.createDirectories(tools.resolve("diagnostics"));
        for (Path f : Files.list(Path.of("tools/diagnostics")).toList()) {
            Files.copy(f, tools.resolve("diagnostics").resolve(f.getFileName()));
        }
        Files.writeString(tools.resolve("diagnostics/probe.yaml"), """
                toolset: probe
                description: {ko: 시험용, en: for tests}
                tools:
                  - name: echo
                    description: {ko: 그대로 출력, en: print the text as given}
                    argv: ["echo", "{{text}}"]
                    params:
                      - name: text
                        pattern: "(?s).{1,100}"
                        description: {ko: 글, en: text}
                  - name: slow
                    description: {ko: 느림, en: slow}
                    argv: ["sleep", "5"]
                    timeoutSeconds: 1
                  - name: long
                    description: {ko: 김, en: long}
                    argv: ["ls", "-la", "/bin"]
                    outputLimit: 100
                """);
        t = new TestApp(dir, "", "toolsDir: " + tools + "\n", java.time.Clock.systemUTC());
        create(alice, "busybox-cpu", "dg-a");
        create(alice, "busybox-broken", "dg-broken");
    }

    @AfterAll
    void stop() {
        t.close();
    }

    @Test
    void should_run_a_declared_diagnostic_in_the_owners_workspace_and_show_the_command() {
        Outcome.Done d = done(t.call(alice, "diag.system-load", Map.of("workspace", "dg-a")));

        assertThat(d.text()).contains("exit code 0").containsPattern("\\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+");
        assertThat(d.command()).isEqualTo("docker exec lh-dg-a cat /proc/loadavg");
        assertThat(done(t.call(alice, "diag.system-disk", Map.of("workspace", "dg-a"))).text()).contains("Mounted on");
    }

    @Test
    void should_let_learners_check_only_their_own_workspaces() {
        assertThat(t.call(bob, "diag.system-load", Map.of("workspace", "dg-a"))).isInstanceOf(Outcome.Denied.class);
        assertThat(t.call(bob, "diag.check", Map.of("workspace", "dg-a"))).isInstanceOf(Outcome.Denied.class);
        assertThat(t.call(ines, "diag.check", Map.of("workspace", "dg-a"))).isInstanceOf(Outcome.Done.class);
        assertThat(t.app.audit.list("bob", null, 5)).extracting(r -> r.outcome()).contains("denied");
    }

    @Test
    void should_say_when_a_prerequisite_is_missing() {
        assertThat(done(t.call(alice, "diag.gpu-smi", Map.of("workspace", "dg-a"))).text())
                .isEqualTo("nvidia-smi is not installed in workspace 'dg-a', so this check cannot run there.");
        assertThat(done(t.call(alice, "diag.python-torch", Map.of("workspace", "dg-a"))).text())
                .contains("python is not installed");
    }

    @Test
    void should_pass_hostile_text_as_one_inert_argument() {
        String hostile = "$(id); rm -rf / `id` && echo pwned | cat > /tmp/x";
        Outcome.Done d = done(t.call(alice, "diag.probe-echo", Map.of("workspace", "dg-a", "text", hostile)));

        assertThat(d.text()).contains(hostile).doesNotContain("uid=");
        assertThat(t.call(alice, "diag.probe-echo", Map.of("workspace", "dg-a", "text", "a\nb")))
                .isInstanceOf(Outcome.Invalid.class);
        assertThat(t.call(alice, "diag.python-package", Map.of("workspace", "dg-a", "package", "x; rm -rf /")))
                .isInstanceOf(Outcome.Invalid.class);
        assertThat(t.call(alice, "diag.network-port", Map.of("workspace", "dg-a", "port", "8080; id")))
                .isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void should_stop_waiting_after_the_timeout_and_cut_long_output() {
        long start = System.nanoTime();
        assertThat(done(t.call(alice, "diag.probe-slow", Map.of("workspace", "dg-a"))).text())
                .contains("did not finish within 1 s");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000);
        assertThat(done(t.call(alice, "diag.probe-long", Map.of("workspace", "dg-a"))).text())
                .contains("output cut at 100 characters");
    }

    @Test
    void should_run_host_diagnostics_for_instructors_and_scope_workspace_ones_by_owner() {
        assertThat(done(t.call(ines, "diag.docker-containers", Map.of())).text()).contains("lh-dg-a");
        assertThat(t.call(alice, "diag.docker-containers", Map.of())).isInstanceOf(Outcome.Denied.class);
        assertThat(done(t.call(alice, "diag.docker-inspect", Map.of("workspace", "dg-a"))).text())
                .contains("state=running").contains("gpus=null");
        assertThat(t.call(bob, "diag.docker-inspect", Map.of("workspace", "dg-a"))).isInstanceOf(Outcome.Denied.class);
    }

    @Test
    void should_find_an_unpublished_port_and_say_how_to_fix_it() {
        String report = done(t.call(alice, "diag.check", Map.of("workspace", "dg-a"))).text();

        assertThat(report).contains("Port 8080 (jupyter) is not published to the host (network: none)")
                .contains("docker run -p 127.0.0.1:<host port>:8080").doesNotContain("Nothing listens");
    }

    @Test
    void should_find_a_server_that_never_started() {
        String report = done(t.call(alice, "diag.check", Map.of("workspace", "dg-broken"))).text();

        assertThat(report).contains("Nothing listens on port 8787 (rstudio)").contains("/workspace logs");
    }

    @Test
    void should_find_a_gpu_workspace_started_without_gpus_in_both_languages() throws Exception {
        String wsId = UUID.randomUUID().toString();
        String id = t.app.docker.create(new ContainerPlan("lh-dg-gpu", DockerPeer.TEST_IMAGE,
                List.of("httpd", "-f", "-p", "8888", "-h", "/www"), Map.of(),
                Map.of(Labels.WORKSPACE, wsId, Labels.OWNER, "alice", Labels.NAME, "dg-gpu",
                        Labels.TEMPLATE, "busybox-gpu", Labels.INSTANCE, t.app.instanceId, "course", "labhand-tests"),
                Map.of(), "127.0.0.1", Map.of(), 256, 1, 64, false, "none", ""));
        t.app.docker.start(id);
        t.app.reconciler.run(); // a container someone started by hand, without --gpus all, adopted (it is ours)

        String en = done(t.call(alice, "diag.check", Map.of("workspace", "dg-gpu"))).text();
        Caller minji = new Caller("alice", "alice", dev.labhand.tool.Role.LEARNER, Caller.Lang.KO, "test");
        String ko = done(t.call(minji, "diag.check", Map.of("workspace", "dg-gpu"))).text();

        assertThat(en).contains("started without GPUs (no --gpus all)").contains("no NVIDIA runtime")
                .contains("nvidia-smi is not in the container").contains("NVIDIA Container Toolkit");
        assertThat(ko).contains("GPU 없이 시작").contains("NVIDIA 런타임이 없어").contains("nvidia-smi가 없습니다");
    }

    @Test
    void should_attach_the_checkup_when_a_question_names_the_askers_workspace() {
        Caller minji = new Caller("alice", "alice", dev.labhand.tool.Role.LEARNER, Caller.Lang.KO, "test");
        String answer = done(t.call(minji, "ask.course",
                Map.of("question", "브라우저에서 작업공간 포트가 안 열려요", "workspace", "dg-a"))).text();

        assertThat(answer).contains("'dg-a' (busybox-cpu) 점검 결과").contains("포트 8080 (jupyter)가 호스트에 공개되지 않았습니다");
        assertThat(t.call(bob, "ask.course", Map.of("question", "port?", "workspace", "dg-a")))
                .isInstanceOf(Outcome.Denied.class);
    }

    @Test
    void should_report_a_stopped_workspace() {
        create(alice, "busybox-cpu", "dg-stop");
        assertThat(t.call(alice, "workspace.stop", Map.of("name", "dg-stop"))).isInstanceOf(Outcome.Done.class);

        assertThat(done(t.call(alice, "diag.check", Map.of("workspace", "dg-stop"))).text()).contains("is not running");
        assertThat(t.call(alice, "diag.system-load", Map.of("workspace", "dg-stop"))).isInstanceOf(Outcome.Failed.class);
        WorkspaceRecord r = t.app.workspaces.byName("dg-stop").orElseThrow();
        t.app.workspaceService.remove(r, dev.labhand.tool.Caller.Lang.EN);
    }

    private void create(Caller who, String template, String name) {
        // created as an admin on the member's behalf: a learner's quota of two is not what these tests are about
        Outcome o = t.app.gateway.invoke(new Caller(who.id(), who.name(), dev.labhand.tool.Role.ADMIN, who.locale(), "setup"),
                "workspace.create", Map.of("template", template, "name", name), dev.labhand.tool.Origin.CONSOLE);
        assertThat(o).isInstanceOf(Outcome.Done.class);
    }

    private static Outcome.Done done(Outcome o) {
        assertThat(o).isInstanceOf(Outcome.Done.class);
        return (Outcome.Done) o;
    }
}
