package dev.labhand.workspace;

import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.Database;
import dev.labhand.store.InstanceRepository;
import dev.labhand.store.LeaseRepository;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Outcome;
import java.nio.file.Path;
import java.time.Duration;
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
        String id = t.app.docker.create(plan("rc-orphan", wsId, "carol", t.app.instanceId));

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
            String id = reporting.app.docker.create(plan("rc-stray", UUID.randomUUID().toString(), "carol",
                    reporting.app.instanceId));
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
    void should_mark_a_record_whose_container_vanished() throws java.io.IOException {
        MutableClock clock = new MutableClock(Instant.now());
        t.close();
        t = new TestApp(java.nio.file.Files.createDirectories(dir.resolve("clocked")), "", "", clock);
        t.call(learner("alice"), "workspace.create", Map.of("template", "busybox-cpu", "name", "rc-vanish"));
        WorkspaceRecord r = t.app.workspaces.byName("rc-vanish").orElseThrow();
        DockerPeer.engine().remove(r.containerId());
        clock.advance(Reconciler.QUIET.plusSeconds(1));

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
    void should_clear_a_create_only_when_its_heartbeat_stopped() {
        Instant longAgo = Instant.now().minus(Reconciler.QUIET).minusSeconds(60);
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-died", "alice", "busybox-cpu",
                "local", null, WorkspaceRecord.Status.CREATING, Map.of(), null, longAgo, longAgo));
        // started long ago, still pulling a big image in another process: its heartbeat is fresh
        WorkspaceRecord pulling = new WorkspaceRecord(UUID.randomUUID().toString(), "rc-busy", "alice", "busybox-cpu",
                "local", null, WorkspaceRecord.Status.CREATING, Map.of(8888, 18888), "tok", longAgo, longAgo);
        t.app.workspaces.insert(pulling);
        t.app.workspaces.heartbeat(pulling.id());

        Reconciler.Report report = t.app.reconciler.run();

        assertThat(report.cleared()).containsExactly("rc-died");
        assertThat(t.app.workspaces.byName("rc-died")).isEmpty();
        WorkspaceRecord kept = t.app.workspaces.byName("rc-busy").orElseThrow();
        assertThat(kept.status()).isEqualTo(WorkspaceRecord.Status.CREATING);
        assertThat(kept.secret()).isEqualTo("tok");
        assertThat(kept.ports()).containsEntry(8888, 18888);
    }

    @Test
    void should_tell_the_owner_how_a_failed_create_ended_once_a_pass_knows() {
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        t.app.notices.deliverWith((member, text) -> notices.add(member + ": " + text));
        t.app.members.seen(new dev.labhand.tool.Caller("minji", "minji", dev.labhand.tool.Role.LEARNER,
                dev.labhand.tool.Caller.Lang.KO, "test"));
        Instant longAgo = Instant.now().minus(Reconciler.QUIET).minusSeconds(60);
        // the answer to a create was lost, but the container was made: the record says FAILED
        String madeId = UUID.randomUUID().toString();
        String container = t.app.docker.create(plan("rc-made", madeId, "alice", t.app.instanceId));
        t.app.workspaces.insert(new WorkspaceRecord(madeId, "rc-made", "alice", "busybox-cpu", "local", null,
                WorkspaceRecord.Status.FAILED, Map.of(), null, longAgo, longAgo));
        // and one whose create made nothing at all, of a member who reads Korean
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-none", "minji", "busybox-cpu",
                "local", null, WorkspaceRecord.Status.FAILED, Map.of(), null, longAgo, longAgo));

        Reconciler.Report report = t.app.reconciler.run();

        assertThat(report.recovered()).containsExactly("rc-made");
        assertThat(report.cleared()).containsExactly("rc-none");
        WorkspaceRecord made = t.app.workspaces.byName("rc-made").orElseThrow();
        assertThat(made.containerId()).isEqualTo(container);
        assertThat(made.status()).isEqualTo(WorkspaceRecord.Status.STOPPED);
        assertThat(notices).hasSize(2);
        assertThat(notices).anySatisfy(n -> assertThat(n).startsWith("alice: ").contains("'rc-made'")
                .contains("was made after all").contains("/workspace remove name:rc-made"));
        assertThat(notices).anySatisfy(n -> assertThat(n).startsWith("minji: ").contains("'rc-none'")
                .contains("아무것도 만들어지지 않았습니다"));
        // a second pass has nothing new to say
        t.app.reconciler.run();
        assertThat(notices).hasSize(2);
    }

    @Test
    void should_leave_a_record_touched_a_moment_ago_alone() {
        Instant longAgo = Instant.now().minus(Reconciler.QUIET).minusSeconds(60);
        // another process just created (or started) this one; its container is not in our listing yet
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-fresh", "alice", "busybox-cpu",
                "local", "feedc0de", WorkspaceRecord.Status.RUNNING, Map.of(), null, longAgo, Instant.now()));
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-stale", "alice", "busybox-cpu",
                "local", "deadbeef", WorkspaceRecord.Status.RUNNING, Map.of(), null, longAgo, longAgo));

        Reconciler.Report report = t.app.reconciler.run();

        assertThat(report.missing()).containsExactly("rc-stale");
        assertThat(t.app.workspaces.byName("rc-fresh").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
    }

    @Test
    void should_skip_a_pass_while_another_process_holds_the_lease() {
        Instant longAgo = Instant.now().minus(Reconciler.QUIET).minusSeconds(60);
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "rc-leased", "alice", "busybox-cpu",
                "local", "deadbeef", WorkspaceRecord.Status.RUNNING, Map.of(), null, longAgo, longAgo));
        // a second process on the same database (the bot beside this console) is reconciling right now
        try (Database db = Database.open(dir.resolve("labhand.db"))) {
            LeaseRepository otherLeases = new LeaseRepository(db, java.time.Clock.systemUTC());
            assertThat(otherLeases.take(Reconciler.leaseName("local"), "bot-process", Duration.ofMinutes(1))).isTrue();

            Reconciler.Report skipped = t.app.reconciler.run();

            assertThat(skipped.skipped()).isTrue();
            assertThat(skipped.quiet()).isFalse();
            assertThat(t.app.workspaces.byName("rc-leased").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
            assertThat(otherLeases.take(Reconciler.leaseName("local"), "cron-process", Duration.ofMinutes(1)))
                    .as("a third process cannot take it either").isFalse();

            otherLeases.release(Reconciler.leaseName("local"), "bot-process");
            Reconciler.Report ran = t.app.reconciler.run();

            assertThat(ran.skipped()).isFalse();
            assertThat(ran.missing()).containsExactly("rc-leased");
            // the pass let go of the lease when it was done
            assertThat(otherLeases.take(Reconciler.leaseName("local"), "cron-process", Duration.ofMinutes(1))).isTrue();
            otherLeases.release(Reconciler.leaseName("local"), "cron-process");
        }
    }

    @Test
    void should_take_a_lease_whose_holder_died() {
        try (Database db = Database.open(dir.resolve("labhand.db"))) {
            new LeaseRepository(db, java.time.Clock.systemUTC())
                    .take(Reconciler.leaseName("local"), "died-mid-pass", Duration.ZERO);
        }

        assertThat(t.app.reconciler.run().skipped()).isFalse();
    }

    @Test
    void should_never_adopt_or_touch_another_installations_containers() throws java.io.IOException {
        // another installation on this shared engine, with a workspace of its own
        Path otherDir = java.nio.file.Files.createDirectories(dir.resolve("other-installation"));
        try (TestApp other = new TestApp(otherDir)) {
            assertThat(other.app.instanceId).isNotEqualTo(t.app.instanceId);
            other.call(learner("erin"), "workspace.create", Map.of("template", "busybox-cpu", "name", "rc-theirs"));
            String theirs = other.app.workspaces.byName("rc-theirs").orElseThrow().containerId();
            // and a labelled container no installation stamped (made by hand, or by an old Labhand)
            String unstamped = t.app.docker.create(plan("rc-unstamped", UUID.randomUUID().toString(), "carol", null));
            try {
                Reconciler.Report report = t.app.reconciler.run();

                assertThat(report.foreign()).contains("lh-rc-theirs", "lh-rc-unstamped");
                assertThat(report.adopted()).doesNotContain("lh-rc-theirs", "lh-rc-unstamped");
                assertThat(t.app.workspaces.byName("rc-theirs")).isEmpty();
                assertThat(t.app.workspaces.byName("rc-unstamped")).isEmpty();
                assertThat(DockerPeer.engine().inspect(theirs).orElseThrow().running()).isTrue();
                assertThat(other.app.workspaces.byName("rc-theirs").orElseThrow().status())
                        .isEqualTo(WorkspaceRecord.Status.RUNNING);
                // the same rule on a remote host's engine (the same class, with a host name)
                Reconciler remote = new Reconciler(t.app.docker, "gpu9", t.app.workspaces,
                        new LeaseRepository(t.app.db, java.time.Clock.systemUTC()), t.app.instanceId,
                        java.time.Clock.systemUTC(), false, t.app.audit, dev.labhand.tool.Notifier.NONE);
                assertThat(remote.run().foreign()).contains("lh-rc-theirs", "lh-rc-unstamped");
                // a pass that found or changed something is in the audit log, as the system's
                assertThat(t.app.audit.list("labhand", "workspace.reconcile", 5)).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.origin()).isEqualTo("system"));
                // this installation's containers are exactly the ones it stamped
                assertThat(t.app.docker.containersOf(t.app.instanceId)).isEmpty();
                assertThat(other.app.docker.containersOf(other.app.instanceId)).extracting(c -> c.id())
                        .containsExactly(theirs);
            } finally {
                t.app.docker.remove(unstamped);
            }
        }
    }

    @Test
    void should_stamp_containers_with_an_instance_id_that_outlives_the_process() throws java.io.IOException {
        t.call(learner("alice"), "workspace.create", Map.of("template", "busybox-cpu", "name", "rc-stamped"));
        String containerId = t.app.workspaces.byName("rc-stamped").orElseThrow().containerId();
        String instance = t.app.instanceId;

        assertThat(DockerPeer.engine().inspect(containerId).orElseThrow().labels())
                .containsEntry(Labels.INSTANCE, instance);
        try (Database db = Database.open(dir.resolve("labhand.db"))) {
            assertThat(new InstanceRepository(db, java.time.Clock.systemUTC()).id()).isEqualTo(instance);
        }
        assertThat(t.app.docker.containersOf(instance)).extracting(c -> c.id()).containsExactly(containerId);
    }

    @Test
    void should_leave_workspaces_on_remote_hosts_alone() {
        Instant longAgo = Instant.now().minus(Reconciler.QUIET).minusSeconds(60);
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

    /** A labelled container as a workspace create makes it; {@code instance} null for one without a stamp. */
    private ContainerPlan plan(String name, String wsId, String owner, String instance) {
        Map<String, String> labels = new java.util.HashMap<>(Map.of(Labels.WORKSPACE, wsId, Labels.OWNER, owner,
                Labels.NAME, name, Labels.TEMPLATE, "busybox-cpu", "course", "labhand-tests"));
        if (instance != null) labels.put(Labels.INSTANCE, instance);
        return new ContainerPlan("lh-" + name, DockerPeer.TEST_IMAGE, List.of("sleep", "60"), Map.of(),
                labels, Map.of(), "127.0.0.1", Map.of(), 256, 1, 64, false, "none", "");
    }
}
