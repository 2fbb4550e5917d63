package dev.labhand.workspace;

import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole workspace lifecycle through the gateway, against the real Docker engine. */
final class WorkspaceLifecycleTest {
    @TempDir
    Path dir;

    private TestApp t;
    private final Caller alice = learner("alice");

    @BeforeEach
    void start() {
        t = new TestApp(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void should_create_a_running_labelled_container_with_the_templates_limits() {
        Outcome o = t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wl-demo"));

        Outcome.Done done = (Outcome.Done) o;
        WorkspaceRecord r = t.app.workspaces.byName("wl-demo").orElseThrow();
        assertThat(r.status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
        assertThat(r.secret()).hasSize(48);
        var state = t.app.docker.inspect(r.containerId()).orElseThrow();
        assertThat(state.running()).isTrue();
        assertThat(state.name()).isEqualTo("lh-wl-demo");
        assertThat(state.labels()).containsEntry(Labels.OWNER, "alice").containsEntry(Labels.NAME, "wl-demo")
                .containsEntry(Labels.TEMPLATE, "busybox-cpu").containsEntry(Labels.WORKSPACE, r.id());
        var hc = t.app.docker.hostConfig(r.containerId());
        assertThat(hc.getMemory()).isEqualTo(1024L * 1024 * 1024);
        assertThat(hc.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(hc.getPidsLimit()).isEqualTo(64);
        assertThat(hc.getPrivileged()).isFalse();
        assertThat(hc.getNetworkMode()).isEqualTo("none");
        assertThat(hc.getSecurityOpts()).contains("no-new-privileges");
        assertThat(hc.getBinds()).hasSize(1);
        String hostDir = hc.getBinds()[0].getPath();
        assertThat(Path.of(hostDir)).startsWith(dir.resolve("members").resolve("alice").resolve("wl-demo"));
        assertThat(Files.isDirectory(Path.of(hostDir))).isTrue();
        // the secret reaches the container and the owner, masked in the teaching command
        assertThat(done.secret()).isTrue();
        assertThat(done.text()).contains("token: " + r.secret());
        assertThat(done.command()).startsWith("docker run -d --name lh-wl-demo").contains("--network none")
                .contains("JUPYTER_TOKEN=<secret>").doesNotContain(r.secret());
    }

    @Test
    void should_stop_start_show_status_and_logs() throws Exception {
        t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wl-cycle"));
        WorkspaceRecord r = t.app.workspaces.byName("wl-cycle").orElseThrow();

        assertThat(t.call(alice, "workspace.stop", Map.of("name", "wl-cycle"))).isInstanceOf(Outcome.Done.class);
        assertThat(t.app.docker.inspect(r.containerId()).orElseThrow().running()).isFalse();
        assertThat(text(t.call(alice, "workspace.status", Map.of("name", "wl-cycle")))).contains("stopped");

        assertThat(t.call(alice, "workspace.start", Map.of("name", "wl-cycle"))).isInstanceOf(Outcome.Done.class);
        assertThat(t.app.docker.inspect(r.containerId()).orElseThrow().running()).isTrue();
        assertThat(text(t.call(alice, "workspace.status", Map.of("name", "wl-cycle")))).contains("running");

        String logs = waitForLogs("wl-cycle");
        assertThat(logs).contains("workspace up").contains("token=***").doesNotContain(r.secret());
        Outcome.Done listing = (Outcome.Done) t.call(alice, "workspace.list", Map.of());
        assertThat(listing.text()).contains("wl-cycle");
        assertThat(listing.command()).isEqualTo("docker ps -a --filter label=labhand.owner=alice");
    }

    @Test
    void should_remove_only_after_confirmation_and_keep_the_members_files() throws Exception {
        t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wl-gone"));
        WorkspaceRecord r = t.app.workspaces.byName("wl-gone").orElseThrow();
        Path data = t.app.workspaceService.memberDir(r);

        Outcome ask = t.call(alice, "workspace.remove", Map.of("name", "wl-gone"));
        assertThat(ask).isInstanceOf(Outcome.NeedsConfirmation.class);
        assertThat(t.app.docker.inspect(r.containerId())).isPresent();

        Outcome done = t.app.gateway.confirm(alice, ((Outcome.NeedsConfirmation) ask).code(),
                dev.labhand.tool.Origin.CONSOLE, dev.labhand.tool.Progress.NONE);
        assertThat(done).isInstanceOf(Outcome.Done.class);
        assertThat(t.app.docker.inspect(r.containerId())).isEmpty();
        assertThat(t.app.workspaces.byName("wl-gone")).isEmpty();
        assertThat(Files.isDirectory(data)).isTrue();
    }

    @Test
    void should_give_connection_details_to_the_owner_only() {
        t.call(alice, "workspace.create", Map.of("template", "busybox-rstudio", "name", "wl-rs"));
        WorkspaceRecord r = t.app.workspaces.byName("wl-rs").orElseThrow();

        Outcome.Done mine = (Outcome.Done) t.call(alice, "workspace.connect", Map.of("name", "wl-rs"));
        assertThat(mine.secret()).isTrue();
        assertThat(mine.text()).contains("user rstudio, password: " + r.secret())
                .contains("does not publish ports (network: none)");

        assertThat(t.call(instructor("ines"), "workspace.connect", Map.of("name", "wl-rs")))
                .isInstanceOf(Outcome.Denied.class);
        assertThat(t.call(learner("bob"), "workspace.connect", Map.of("name", "wl-rs")))
                .isInstanceOf(Outcome.Denied.class);
    }

    @Test
    void should_refuse_bad_names_templates_and_limits_and_create_nothing() {
        List<Map<String, String>> bad = List.of(
                Map.of("template", "busybox-cpu", "name", "Demo"),
                Map.of("template", "busybox-cpu", "name", "x"),
                Map.of("template", "busybox-cpu", "name", "a/../../etc"),
                Map.of("template", "busybox-cpu", "name", "demo; docker rm -f $(docker ps -q)"),
                Map.of("template", "ubuntu", "name", "wl-bad"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "memory", "2"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "cpus", "4"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "memory", "0"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "image", "alpine"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "volume", "/:/host"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "privileged", "true"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "network", "host"),
                Map.of("template", "busybox-cpu", "name", "wl-bad", "ports", "22:22"));
        for (Map<String, String> args : bad) {
            assertThat(t.call(alice, "workspace.create", args)).as(args.toString()).isInstanceOf(Outcome.Invalid.class);
        }
        assertThat(t.app.workspaces.all()).isEmpty();
        assertThat(testContainers()).isEmpty();
    }

    @Test
    void should_refuse_a_taken_name_and_a_learner_over_quota() {
        t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wl-one"));

        Outcome taken = t.call(learner("bob"), "workspace.create", Map.of("template", "busybox-cpu", "name", "wl-one"));
        assertThat(taken).isInstanceOf(Outcome.Failed.class);
        assertThat(text(taken)).contains("already used");

        t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wl-two"));
        Outcome third = t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wl-three"));
        assertThat(third).isInstanceOf(Outcome.Denied.class);
        assertThat(t.app.workspaces.ownedBy("alice")).hasSize(2);
        assertThat(testContainers()).hasSize(2);
    }

    @Test
    void should_leave_nothing_behind_when_the_image_cannot_be_pulled() {
        Outcome o = t.call(alice, "workspace.create", Map.of("template", "missing-image", "name", "wl-noimg"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(text(o)).contains("Could not pull");
        assertThat(t.app.workspaces.all()).isEmpty();
        assertThat(t.app.docker.inspect("lh-wl-noimg")).isEmpty();
    }

    @Test
    void should_request_all_gpus_on_a_created_container() {
        var template = t.app.workspaceService.templates().find("busybox-gpu").orElseThrow();
        var now = java.time.Instant.now();
        var record = new WorkspaceRecord("gpu-test-id", "wl-gpu", "alice", "busybox-gpu", "local", null,
                WorkspaceRecord.Status.CREATING, Map.of(), "s3cret", now, now);
        ContainerPlan plan = t.app.workspaceService.plan(template, record, 2048, 2);
        String id = t.app.docker.create(plan);
        try {
            var requests = t.app.docker.hostConfig(id).getDeviceRequests();
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).getCount()).isEqualTo(-1);
            assertThat(requests.get(0).getDriver()).isEmpty();
            assertThat(requests.get(0).getCapabilities()).containsExactly(List.of("gpu"));
            assertThat(TeachingCommand.dockerRun(plan)).contains("--gpus all");
        } finally {
            t.app.docker.remove(id);
        }
    }

    @Test
    void should_explain_a_missing_gpu_runtime_and_clean_up() {
        Outcome o = t.call(alice, "workspace.create", Map.of("template", "busybox-gpu", "name", "wl-gpu2"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(text(o)).contains("no NVIDIA runtime").contains("-cpu template");
        assertThat(t.app.workspaces.all()).isEmpty();
        assertThat(t.app.docker.inspect("lh-wl-gpu2")).isEmpty();
    }

    private String waitForLogs(String name) throws InterruptedException {
        String logs = "";
        for (int i = 0; i < 50 && !logs.contains("workspace up"); i++) {
            logs = text(t.call(alice, "workspace.logs", Map.of("name", name, "lines", "20")));
            Thread.sleep(100);
        }
        return logs;
    }

    /** This test's containers (its workspaces are all named wl-…), not another run's on the same engine. */
    private List<DockerEngine.ContainerState> testContainers() {
        return DockerPeer.engine().listLabelled(DockerPeer.TEST_LABEL).stream()
                .filter(c -> c.name().startsWith("lh-wl-")).toList();
    }

    static String text(Outcome o) {
        if (o instanceof Outcome.Done d) return d.text();
        if (o instanceof Outcome.Failed f) return f.text();
        if (o instanceof Outcome.Denied d) return d.text();
        if (o instanceof Outcome.Invalid i) return i.text();
        return ((Outcome.NeedsConfirmation) o).text();
    }
}
