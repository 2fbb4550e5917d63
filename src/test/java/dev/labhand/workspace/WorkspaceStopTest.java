package dev.labhand.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.Wiring;
import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping workspaces on the real Docker engine: the shipped starter template runs under an init and stops at
 * once; a template's stop signal and grace reach the container and bound every stop; long stops say so.
 */
final class WorkspaceStopTest {
    private static final Caller OWNER = new Caller("mn-stopper", "mn-stopper", Role.LEARNER, Caller.Lang.EN, "test");

    @TempDir
    Path dir;

    private Wiring app;

    @AfterEach
    void removeWhatThisTestMade() {
        if (app == null) return;
        // only this installation's containers: those carrying its instance id
        app.docker.containersOf(app.instanceId).forEach(c -> app.docker.remove(c.id()));
        app.close();
    }

    @Test
    void should_stop_a_starter_workspace_at_once_under_its_init() throws Exception {
        start(60, "starter-cpu", Files.readString(Path.of("config/templates/starter-cpu.yaml")));

        Outcome.Done created = (Outcome.Done) call("workspace.create", Map.of("template", "starter-cpu", "name", "mn-starter"),
                Progress.NONE);
        WorkspaceRecord r = app.workspaces.byName("mn-starter").orElseThrow();
        assertThat(app.docker.inspect(r.containerId()).orElseThrow().running()).isTrue();
        // the container is made as the template says, and the teaching command shows the same flags
        assertThat(dockerInspect(r.containerId(), "{{.HostConfig.Init}} {{.Config.StopSignal}} {{.Config.StopTimeout}}"))
                .isEqualTo("true SIGTERM 5");
        assertThat(created.command()).contains("--init --stop-signal SIGTERM --stop-timeout 5");

        List<String> progress = new CopyOnWriteArrayList<>();
        long began = System.nanoTime();
        Outcome stopped = call("workspace.stop", Map.of("name", "mn-starter"), progress::add);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        assertThat(stopped).isInstanceOf(Outcome.Done.class);
        assertThat(app.docker.inspect(r.containerId()).orElseThrow().running()).isFalse();
        assertThat(millis).as("stop took %d ms", millis).isLessThan(3000);
        assertThat(progress).containsExactly("stopping lh-mn-starter, waiting up to 5 s for it to exit");
        System.out.println("starter-cpu under init: workspace.stop took " + millis + " ms");
    }

    @Test
    void should_wait_out_the_templates_grace_for_a_main_program_that_ignores_sigterm() throws Exception {
        // busybox httpd as PID 1, no init: SIGTERM is ignored and only the grace's end (SIGKILL) stops it
        start(60, "mn-stubborn", template("mn-stubborn", "stopGraceSeconds: 3\n"));
        call("workspace.create", Map.of("template", "mn-stubborn", "name", "mn-stubborn"), Progress.NONE);
        WorkspaceRecord r = app.workspaces.byName("mn-stubborn").orElseThrow();
        assertThat(dockerInspect(r.containerId(), "{{.HostConfig.Init}} {{.Config.StopTimeout}}")).isEqualTo("<nil> 3"); // no init asked for: Docker records none

        List<String> progress = new CopyOnWriteArrayList<>();
        long began = System.nanoTime();
        assertThat(call("workspace.stop", Map.of("name", "mn-stubborn"), progress::add)).isInstanceOf(Outcome.Done.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        assertThat(millis).as("stop took %d ms", millis).isBetween(2800L, 8000L);
        assertThat(progress).containsExactly("stopping lh-mn-stubborn, waiting up to 3 s for it to exit");
        assertThat(app.workspaces.byName("mn-stubborn").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.STOPPED);
        System.out.println("busybox httpd as PID 1, grace 3 s: workspace.stop took " + millis + " ms");
    }

    @Test
    void should_finish_a_stop_whose_grace_outlasts_one_engine_request() throws Exception {
        // docker.timeoutSeconds 5: the stop request gives up after 5 s while the engine waits 7 s before SIGKILL
        start(5, "mn-patient", template("mn-patient", "stopGraceSeconds: 7\n"));
        call("workspace.create", Map.of("template", "mn-patient", "name", "mn-patient"), Progress.NONE);
        WorkspaceRecord r = app.workspaces.byName("mn-patient").orElseThrow();

        long began = System.nanoTime();
        Outcome stopped = call("workspace.stop", Map.of("name", "mn-patient"), Progress.NONE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        assertThat(stopped).as("%s", stopped).isInstanceOf(Outcome.Done.class);
        assertThat(app.docker.inspect(r.containerId()).orElseThrow().running()).isFalse();
        assertThat(millis).isBetween(6500L, 15000L);
    }

    @Test
    void should_refuse_unknown_signals_and_graces_out_of_range_naming_the_key() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("bad-templates"));
        for (String[] bad : new String[][] {
                {"stopSignal: SIGSEGV\n", "stopSignal"}, {"stopSignal: \"--privileged\"\n", "stopSignal"},
                {"stopGraceSeconds: 0\n", "stopGraceSeconds"}, {"stopGraceSeconds: 301\n", "stopGraceSeconds"},
                {"init: sometimes\n", "init"}}) {
            Files.writeString(templates.resolve("mn-bad.yaml"), template("mn-bad", bad[0]));
            assertThatThrownBy(() -> WorkspaceTemplates.load(templates, LabhandConfig.env(Map.of())))
                    .as(bad[0]).isInstanceOf(ConfigException.class).hasMessageContaining(bad[1]);
        }
        Files.writeString(templates.resolve("mn-bad.yaml"), template("mn-bad", "stopSignal: quit\nstopGraceSeconds: 300\n"));
        WorkspaceTemplate.Shutdown ok = WorkspaceTemplates.load(templates, LabhandConfig.env(Map.of()))
                .find("mn-bad").orElseThrow().shutdown();
        assertThat(ok).isEqualTo(new WorkspaceTemplate.Shutdown("SIGQUIT", 300, false));
    }

    @Test
    void should_leave_docker_defaults_alone_when_a_template_declares_nothing() {
        WorkspaceTemplates shipped = WorkspaceTemplates.load(Path.of("config/templates"), LabhandConfig.env(Map.of()));
        assertThat(shipped.find("python-gpu").orElseThrow().shutdown()).isEqualTo(WorkspaceTemplate.Shutdown.DOCKER_DEFAULT);
        assertThat(shipped.find("r-rstudio").orElseThrow().shutdown().init()).isTrue();
        ContainerPlan plain = new ContainerPlan("lh-x", "img", List.of(), Map.of(), Map.of(), Map.of(), "127.0.0.1",
                Map.of(), 512, 1, 64, false, "none", null);
        assertThat(TeachingCommand.dockerRun(plain)).doesNotContain("--init").doesNotContain("--stop-");
    }

    private void start(int dockerTimeoutSeconds, String templateName, String templateYaml) throws IOException {
        DockerPeer.engine();
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve(templateName + ".yaml"), templateYaml);
        Path config = dir.resolve("labhand.yaml");
        Files.writeString(config, """
                database: %s
                locale: en
                policy:
                  cooldownSeconds: 0
                docker:
                  host: %s
                  timeoutSeconds: %d
                workspaces:
                  templates: %s
                  root: %s
                  network: none
                """.formatted(dir.resolve("labhand.db"), DockerPeer.HOST, dockerTimeoutSeconds, templates,
                dir.resolve("members")));
        app = new Wiring(LabhandConfig.load(config, System::getenv), System::getenv, Clock.systemUTC());
    }

    private Outcome call(String tool, Map<String, String> args, Progress progress) {
        return app.gateway.invoke(OWNER, tool, args, Origin.CONSOLE, progress);
    }

    /** A busybox web server as PID 1 (it installs no SIGTERM handler), plus {@code extra} keys. */
    private static String template(String name, String extra) {
        return """
                name: %s
                description:
                  ko: 멈춤 테스트
                  en: stop test
                image: %s
                command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
                limits:
                  memory: 128m
                  cpus: 1
                  pids: 64
                labels:
                  course: labhand-tests
                %s""".formatted(name, DockerPeer.TEST_IMAGE, extra);
    }

    /** What the docker CLI itself reports: an independent look at the container the bot made. */
    private static String dockerInspect(String id, String format) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "inspect", "-f", format, id).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
