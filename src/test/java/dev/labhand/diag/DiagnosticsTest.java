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
                  - name: hang
                    description: {ko: 멈춤, en: hangs}
                    argv: ["sleep", "300"]
                    timeoutSeconds: 1
                  - name: hang-tree
                    description: {ko: 자식과 함께 멈춤, en: hangs with children}
                    argv: ["sh", "-c", "sleep 301 & sleep 302 & wait"]
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
    void should_find_a_full_workspace_volume_by_its_mount_path_in_both_languages() {
        // the template's volume /home/labhand/work, here a 1 MiB tmpfs, filled to the last byte; / stays roomy
        String wsId = UUID.randomUUID().toString();
        docker("run", "-d", "--name", "lh-dg-full", "--network", "none",
                "--mount", "type=tmpfs,destination=/home/labhand/work,tmpfs-size=1048576",
                "--label", Labels.WORKSPACE + "=" + wsId, "--label", Labels.OWNER + "=alice",
                "--label", Labels.NAME + "=dg-full", "--label", Labels.TEMPLATE + "=busybox-cpu",
                "--label", Labels.INSTANCE + "=" + t.app.instanceId, "--label", "course=labhand-tests",
                DockerPeer.TEST_IMAGE, "httpd", "-f", "-p", "8080", "-h", "/www");
        try {
            docker("exec", "lh-dg-full", "sh", "-c", "head -c 2000000 /dev/zero > /home/labhand/work/big; true");
            t.app.reconciler.run();

            String en = done(t.call(alice, "diag.check", Map.of("workspace", "dg-full"))).text();
            Caller minji = new Caller("alice", "alice", dev.labhand.tool.Role.LEARNER, Caller.Lang.KO, "test");
            String ko = done(t.call(minji, "diag.check", Map.of("workspace", "dg-full"))).text();

            assertThat(en).contains("The workspace volume at /home/labhand/work is 100% full")
                    .contains("delete files you no longer need under /home/labhand/work")
                    .doesNotContain("The container's disk is");
            assertThat(ko).contains("/home/labhand/work 작업공간 볼륨이 100% 찼습니다")
                    .contains("/home/labhand/work 아래에서 필요 없는 파일을 지우");
            assertThat(done(t.call(alice, "diag.check", Map.of("workspace", "dg-a"))).text())
                    .doesNotContain("/home/labhand/work is");
        } finally {
            docker("rm", "-f", "lh-dg-full");
            t.app.workspaces.byName("dg-full").ifPresent(r -> t.app.workspaceService.remove(r, Caller.Lang.EN));
        }
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

        assertThat(done(t.call(alice, "diag.check", Map.of("workspace", "dg-stop"))).text()).contains("is not running")
                .contains("is stopped").contains("/workspace start name:dg-stop");
        Outcome diag = t.call(alice, "diag.system-load", Map.of("workspace", "dg-stop"));
        assertThat(diag).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) diag).text()).contains("/workspace start name:dg-stop");
        WorkspaceRecord r = t.app.workspaces.byName("dg-stop").orElseThrow();
        t.app.workspaceService.remove(r, dev.labhand.tool.Caller.Lang.EN);
    }

    @Test
    void should_kill_a_timed_out_diagnostic_inside_the_workspace_with_its_children() throws Exception {
        assertThat(done(t.call(alice, "diag.probe-hang", Map.of("workspace", "dg-a"))).text())
                .contains("did not finish within 1 s");
        assertThat(done(t.call(alice, "diag.probe-hang-tree", Map.of("workspace", "dg-a"))).text())
                .contains("did not finish within 1 s");

        String id = t.app.workspaces.byName("dg-a").orElseThrow().containerId();
        var ps = t.app.docker.exec(id, List.of("ps"), java.time.Duration.ofSeconds(10), 64_000);
        assertThat(ps.exitCode()).isZero();
        assertThat(ps.output()).contains("PID").doesNotContain("sleep 300").doesNotContain("sleep 301")
                .doesNotContain("sleep 302");
        // the process id line the wrapper prints is not output
        assertThat(done(t.call(alice, "diag.probe-echo", Map.of("workspace", "dg-a", "text", "just this"))).text())
                .contains("```\njust this\n```");
    }

    @Test
    void should_answer_a_paused_workspace_with_how_to_unpause_it_in_both_languages() {
        create(alice, "busybox-cpu", "dg-paused");
        docker("pause", "lh-dg-paused");
        try {
            Outcome diag = t.call(alice, "diag.system-load", Map.of("workspace", "dg-paused"));
            assertThat(diag).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed) diag).text()).contains("is paused").contains("docker unpause lh-dg-paused")
                    .doesNotContain("internal");

            String check = done(t.call(alice, "diag.check", Map.of("workspace", "dg-paused"))).text();
            assertThat(check).contains("'dg-paused' is paused").contains("docker unpause lh-dg-paused");
            Caller minji = new Caller("alice", "alice", dev.labhand.tool.Role.LEARNER, Caller.Lang.KO, "test");
            String ko = done(t.call(minji, "diag.check", Map.of("workspace", "dg-paused"))).text();
            assertThat(ko).contains("일시 정지").contains("docker unpause lh-dg-paused");
            Outcome koDiag = t.call(minji, "diag.system-load", Map.of("workspace", "dg-paused"));
            assertThat(((Outcome.Failed) koDiag).text()).contains("일시 정지").contains("docker unpause lh-dg-paused");
        } finally {
            docker("unpause", "lh-dg-paused");
            t.app.workspaceService.remove(t.app.workspaces.byName("dg-paused").orElseThrow(), Caller.Lang.EN);
        }
    }

    @Test
    void should_answer_a_workspace_in_a_restart_loop_with_where_to_look() throws Exception {
        // started by hand with --restart always and a main program that exits at once, then adopted
        String wsId = UUID.randomUUID().toString();
        docker("run", "-d", "--name", "lh-dg-loop", "--network", "none", "--restart", "always",
                "--label", Labels.WORKSPACE + "=" + wsId, "--label", Labels.OWNER + "=alice",
                "--label", Labels.NAME + "=dg-loop", "--label", Labels.TEMPLATE + "=busybox-cpu",
                "--label", Labels.INSTANCE + "=" + t.app.instanceId, "--label", "course=labhand-tests", DockerPeer.TEST_IMAGE, "sh", "-c", "exit 3");
        try {
            t.app.reconciler.run();
            String id = t.app.workspaces.byName("dg-loop").orElseThrow().containerId();
            long deadline = System.nanoTime() + 60_000_000_000L;
            var d = t.app.docker.details(id).orElseThrow();
            // a few restarts in, Docker waits seconds between them: the loop is visible as "restarting"
            while (!(d.restarting() && d.restartCount() >= 4) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                d = t.app.docker.details(id).orElseThrow();
            }
            assertThat(d.restarting()).as("still restarting after a minute").isTrue();

            Outcome diag = t.call(alice, "diag.system-load", Map.of("workspace", "dg-loop"));
            assertThat(diag).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed) diag).text()).contains("restart loop").contains("/workspace logs name:dg-loop");
            assertThat(done(t.call(alice, "diag.check", Map.of("workspace", "dg-loop"))).text())
                    .contains("'dg-loop' is in a restart loop").contains("/workspace logs name:dg-loop");
        } finally {
            docker("rm", "-f", "lh-dg-loop");
            t.app.workspaces.byName("dg-loop").ifPresent(r -> t.app.workspaceService.remove(r, Caller.Lang.EN));
        }
    }

    private static void docker(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/docker"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("docker " + String.join(" ", args) + ": " + out).isZero();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
