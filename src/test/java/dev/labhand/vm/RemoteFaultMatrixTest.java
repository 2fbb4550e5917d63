package dev.labhand.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRecord.Status;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.util.Failpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SSH host a workspace lives on dies (its sshd container stopped) or freezes (paused) at each step of
 * a create, and before a stop, a remove and a checkup. Each time: the member's answer is truthful and names
 * the host (never "something went wrong"), it comes within seconds (the engine timeout here is 15 s; a frozen host is found sooner), and
 * once the host is back a probe and the reconciler leave no create half-done — the record and the
 * container agree, the owner is told how a failed create ended — without restarting anything. The audit
 * log verifies afterwards. The faults are injected at named steps ({@link Failpoints#observe}).
 */
class RemoteFaultMatrixTest {
    private static final long ANSWER_WITHIN_MS = 30_000;
    private static SshdPeer sshd;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final Caller teacher = TestApp.instructor("teacher");
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private Wiring app;
    private String name;

    enum Fault {
        KILLED {
            @Override
            void apply(SshdPeer s) {
                s.stop();
            }

            @Override
            void undo(SshdPeer s) {
                s.startAgain();
            }
        },
        FROZEN {
            @Override
            void apply(SshdPeer s) {
                s.pause();
            }

            @Override
            void undo(SshdPeer s) {
                s.unpause();
            }
        };

        abstract void apply(SshdPeer s);

        abstract void undo(SshdPeer s);
    }

    @BeforeAll
    static void host() {
        sshd = SshdPeer.start();
    }

    @AfterAll
    static void closeHost() {
        sshd.close();
    }

    private void install(Path dir, String workspace) throws Exception {
        name = workspace;
        Path config = TestApp.writeConfig(dir, "", "vm:\n  sshKey: " + sshd.privateKey() + "\n");
        Files.writeString(config, Files.readString(config).replace("docker:\n", "docker:\n  timeoutSeconds: 15\n"));
        app = new Wiring(LabhandConfig.load(config, System::getenv), System::getenv, clock);
        app.notices.deliverWith((member, text) -> notices.add(text));
        Outcome added = call("host.add", Map.of("name", "lab1", "address", "127.0.0.1",
                "port", String.valueOf(sshd.port()), "user", SshdPeer.USER, "host-key", sshd.hostKey().line()));
        assertThat(added).as(added.toString()).isInstanceOf(Outcome.Done.class);
    }

    @AfterEach
    void cleanUp() {
        Failpoints.observe(null);
        try {
            if (app != null) app.close();
        } finally {
            DockerPeer.removeContainersNamed(DockerPeer.engine(), List.of("lh-" + name));
        }
    }

    private Outcome call(String tool, Map<String, String> args) {
        return app.gateway.invoke(teacher, tool, args, Origin.CONSOLE);
    }

    /** Breaks the host the first time the call reaches {@code point}, on the calling thread. */
    private void breakAt(String point, Fault fault) {
        AtomicBoolean armed = new AtomicBoolean(true);
        Failpoints.observe(p -> {
            if (p.equals(point) && armed.compareAndSet(true, false)) fault.apply(sshd);
        });
    }

    static Stream<Arguments> createSteps() {
        return Stream.of("create.after-record", "create.after-image", "create.after-container", "create.after-start")
                .flatMap(point -> Stream.of(Arguments.of(point, Fault.KILLED), Arguments.of(point, Fault.FROZEN)));
    }

    @ParameterizedTest(name = "host {1} at {0}")
    @MethodSource("createSteps")
    void should_answer_truthfully_and_settle_a_create_when_the_host_fails_at_each_step(String point, Fault fault,
                                                                                       @TempDir Path dir) throws Exception {
        install(dir, "rf-" + point.substring("create.after-".length()).replace("-", "") + "-" + fault.name().toLowerCase().charAt(0));
        breakAt(point, fault);

        long start = System.nanoTime();
        Outcome created = call("workspace.create", Map.of("template", "busybox-cpu", "name", name, "host", "lab1"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        Failpoints.observe(null);
        System.out.printf("create, host %s at %s: %s in %d ms%n", fault, point, created.getClass().getSimpleName(), ms);

        assertThat(ms).as("answered within seconds").isLessThan(ANSWER_WITHIN_MS);
        truthful(created);
        WorkspaceRecord before = app.workspaces.byName(name).orElse(null);

        recover(fault);

        WorkspaceRecord after = app.workspaces.byName(name).orElse(null);
        var container = DockerPeer.engine().inspect("lh-" + name);
        if (after == null) {
            assertThat(container).as("no record, so no container either").isEmpty();
        } else {
            assertThat(after.status()).as("nothing half-done").isIn(Status.RUNNING, Status.STOPPED);
            assertThat(container).as("the record's container exists").isPresent();
        }
        if (before != null && before.status() == Status.FAILED) {
            assertThat(notices).as("the owner is told how the failed create ended").hasSize(1);
        }
        assertThat(app.audit.verify().ok()).isTrue();
    }

    static Stream<Arguments> faults() {
        return Stream.of(Arguments.of(Fault.KILLED), Arguments.of(Fault.FROZEN));
    }

    @ParameterizedTest(name = "host {0}")
    @MethodSource("faults")
    void should_answer_stop_remove_and_checkup_quickly_and_work_again_once_the_host_is_back(Fault fault,
                                                                                           @TempDir Path dir) throws Exception {
        install(dir, "rf-ops-" + fault.name().toLowerCase().charAt(0));
        assertThat(call("workspace.create", Map.of("template", "busybox-cpu", "name", name, "host", "lab1")))
                .isInstanceOf(Outcome.Done.class);
        String code = ((Outcome.NeedsConfirmation) call("workspace.remove", Map.of("name", name))).code();

        fault.apply(sshd);
        long start = System.nanoTime();
        Outcome stop = call("workspace.stop", Map.of("name", name));
        Outcome checkup = call("diag.check", Map.of("workspace", name));
        Outcome remove = app.gateway.confirm(teacher, code, Origin.CONSOLE, Progress.NONE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("stop + checkup + remove, host %s: %d ms%n", fault, ms);

        assertThat(ms).as("three answers within seconds").isLessThan(ANSWER_WITHIN_MS);
        for (Outcome o : List.of(stop, checkup, remove)) truthful(o);
        assertThat(((Outcome.Failed) remove).text()).as("the code was not used up").contains(code);
        assertThat(app.workspaces.byName(name).orElseThrow().status()).isEqualTo(Status.RUNNING);

        recover(fault);

        assertThat(call("workspace.stop", Map.of("name", name))).isInstanceOf(Outcome.Done.class);
        assertThat(app.gateway.confirm(teacher, code, Origin.CONSOLE, Progress.NONE)).isInstanceOf(Outcome.Done.class);
        assertThat(app.workspaces.byName(name)).isEmpty();
        assertThat(DockerPeer.engine().inspect("lh-" + name)).isEmpty();
        assertThat(app.audit.verify().ok()).isTrue();
    }

    /** Done, or a failure that names the host and is not the catch-all for bugs. */
    private static void truthful(Outcome o) {
        if (o instanceof Outcome.Done) return;
        assertThat(o).as(o.toString()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).contains("lab1").doesNotContain("Something went wrong")
                .doesNotContain("Nothing was left behind");
    }

    /** The host comes back; a probe notices and settles it, and the periodic pass settles what is left. */
    private void recover(Fault fault) {
        fault.undo(sshd);
        clock.advance(Duration.ofMinutes(3));
        assertThat(app.remoteHosts.probe("lab1")).contains(true);
        app.workspaces.hostsWithUnfinishedCreates("local").forEach(app.remoteHosts::reconcile);
    }
}
