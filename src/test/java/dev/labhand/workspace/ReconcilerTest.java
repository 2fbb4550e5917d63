package dev.labhand.workspace;

import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReconcilerTest {
    @TempDir
    Path dir;

    private TestApp t;

    @BeforeEach
    void start() {
        t = new TestApp(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void should_adopt_a_labelled_container_the_store_does_not_know() {
        String wsId = UUID.randomUUID().toString();
        String id = t.app.docker.create(plan("rc-orphan", wsId, "carol"));

        Reconciler.Report report = t.app.reconciler.run();

        assertThat(report.adopted()).contains("lh-rc-orphan");
        WorkspaceRecord r = t.app.workspaces.byName("rc-orphan").orElseThrow();
        assertThat(r.id()).isEqualTo(wsId);
        assertThat(r.ownerId()).isEqualTo("carol");
        assertThat(r.containerId()).isEqualTo(id);
        assertThat(r.status()).isEqualTo(WorkspaceRecord.Status.STOPPED);
        // and it is now carol's: another learner cannot touch it
        assertThat(t.call(learner("dave"), "workspace.stop", Map.of("name", "rc-orphan")))
                .isInstanceOf(Outcome.Denied.class);
    }

    @Test
    void should_only_report_unknown_containers_when_adoption_is_off() throws java.io.IOException {
        Path other = java.nio.file.Files.createDirectories(dir.resolve("reporting"));
        try (TestApp reporting = new TestApp(other, "  unknownContainers: report\n")) {
            String id = reporting.app.docker.create(plan("rc-stray", UUID.randomUUID().toString(), "carol"));
            try {
                Reconciler.Report report = reporting.app.reconciler.run();
                assertThat(report.unknown()).contains("lh-rc-stray");
                assertThat(reporting.app.workspaces.byName("rc-stray")).isEmpty();
            } finally {
                reporting.app.docker.remove(id);
            }
        }
    }

    @Test
    void should_mark_a_record_whose_container_vanished() {
        t.call(learner("alice"), "workspace.create", Map.of("template", "busybox-cpu", "name", "rc-vanish"));
        WorkspaceRecord r = t.app.workspaces.byName("rc-vanish").orElseThrow();
        DockerPeer.engine().remove(r.containerId());

        Reconciler.Report report = t.app.reconciler.run();

        assertThat(report.missing()).containsExactly("rc-vanish");
        assertThat(t.app.workspaces.byName("rc-vanish").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.MISSING);
        Outcome start = t.call(learner("alice"), "workspace.start", Map.of("name", "rc-vanish"));
        assertThat(start).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) start).text()).contains("is gone");
        // a missing workspace can still be removed, which frees its name
        assertThat(t.callConfirmed(learner("alice"), "workspace.remove", Map.of("name", "rc-vanish")))
                .isInstanceOf(Outcome.Done.class);
        assertThat(t.app.workspaces.byName("rc-vanish")).isEmpty();
    }

    @Test
    void should_clear_a_create_that_died_before_its_container_existed() {
        Instant longAgo = Instant.now().minus(Reconciler.CREATE_GRACE).minusSeconds(60);
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-died", "alice", "busybox-cpu",
                "local", null, WorkspaceRecord.Status.CREATING, Map.of(), null, longAgo, longAgo));
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-busy", "alice", "busybox-cpu",
                "local", null, WorkspaceRecord.Status.CREATING, Map.of(), null, Instant.now(), Instant.now()));

        Reconciler.Report report = t.app.reconciler.run();

        assertThat(report.cleared()).containsExactly("rc-died");
        assertThat(t.app.workspaces.byName("rc-died")).isEmpty();
        assertThat(t.app.workspaces.byName("rc-busy")).isPresent(); // may still be running in another process
    }

    @Test
    void should_leave_workspaces_on_remote_hosts_alone() {
        Instant longAgo = Instant.now().minus(Reconciler.CREATE_GRACE).minusSeconds(60);
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-remote", "alice", "busybox-cpu",
                "gpu9", "0123abcd", WorkspaceRecord.Status.RUNNING, Map.of(), null, longAgo, longAgo));
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-remote-new", "alice", "busybox-cpu",
                "gpu9", null, WorkspaceRecord.Status.CREATING, Map.of(), null, longAgo, longAgo));

        Reconciler.Report report = t.app.reconciler.run();

        assertThat(report.missing()).doesNotContain("rc-remote");
        assertThat(report.cleared()).doesNotContain("rc-remote-new");
        assertThat(t.app.workspaces.byName("rc-remote").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
        assertThat(t.app.workspaces.byName("rc-remote-new")).isPresent();
    }

    private ContainerPlan plan(String name, String wsId, String owner) {
        return new ContainerPlan("lh-" + name, DockerPeer.TEST_IMAGE, List.of("sleep", "60"), Map.of(),
                Map.of(Labels.WORKSPACE, wsId, Labels.OWNER, owner, Labels.NAME, name, Labels.TEMPLATE, "busybox-cpu",
                        "course", "labhand-tests"),
                Map.of(), "127.0.0.1", Map.of(), 256, 1, 64, false, "none", "");
    }
}
