package dev.labhand.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote host this process already reached (its SSH bridge and pooled connection are open) that then
 * went down, or came back as another machine: the next call names what happened to the host, as a fresh
 * process would, and does so quickly. Each test has its own sshd peer, since each breaks it.
 */
class StaleHostConnectionTest {
    private static final long ANSWER_WITHIN_MS = 15_000;
    private SshdPeer sshd;
    private TestApp t;
    private String workspace;
    private final Caller teacher = TestApp.instructor("teacher");
    private final Caller alice = TestApp.learner("alice");

    @BeforeEach
    void start(@TempDir Path dir) {
        sshd = SshdPeer.start();
        t = new TestApp(dir, "", "vm:\n  sshKey: " + sshd.privateKey() + "\n", Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            t.close();
        } finally {
            sshd.close();
            // the "remote" engine is this machine's: remove the volume folder it made for the workspace
            Path left = Path.of("/var/lib/labhand/members/alice", workspace);
            if (Files.exists(left)) {
                try (var walk = Files.walk(left)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** A host with alice's workspace on it, used once: the bridge and its SSH connection stay open. */
    private void workspaceOn(String host, String name) {
        workspace = name;
        Outcome added = t.call(teacher, "host.add", Map.of("name", host, "address", "127.0.0.1",
                "port", String.valueOf(sshd.port()), "user", SshdPeer.USER, "host-key", sshd.hostKey().line()));
        assertThat(added).as(added.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(t.call(teacher, "host.assign", Map.of("name", host, "member", "alice"))).isInstanceOf(Outcome.Done.class);
        Outcome created = t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", name, "host", host));
        assertThat(created).as(created.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) t.call(alice, "workspace.status", Map.of("name", name))).text()).contains("running");
    }

    @Test
    void should_name_a_changed_host_key_with_both_fingerprints_on_a_pooled_connection() {
        workspaceOn("lab-rebuilt", "sc-key");
        String recorded = sshd.hostKey().fingerprint();

        sshd.restartWithNewHostKeys();
        String presented = sshd.hostKey().fingerprint();
        assertThat(presented).isNotEqualTo(recorded);

        long start = System.nanoTime();
        Outcome status = t.call(alice, "workspace.status", Map.of("name", "sc-key"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("workspace.status after a host key change answered in " + ms + " ms");

        assertThat(status).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) status).text()).contains("Host 'lab-rebuilt' presented a different SSH host key")
                .contains(recorded).contains(presented).doesNotContain("Something went wrong").doesNotContain("Docker refused");
        assertThat(ms).isLessThan(ANSWER_WITHIN_MS);
        // every later call too, and host.status, which checks the same bridge
        assertThat(((Outcome.Failed) t.call(alice, "workspace.status", Map.of("name", "sc-key"))).text())
                .contains(recorded).contains(presented);
        assertThat(((Outcome.Done) t.call(teacher, "host.status", Map.of("name", "lab-rebuilt"))).text())
                .contains(recorded).contains(presented);
    }

    @Test
    void should_name_a_host_that_went_down_as_unreachable() {
        workspaceOn("lab-down", "sc-down");

        sshd.stop();

        long start = System.nanoTime();
        Outcome status = t.call(alice, "workspace.status", Map.of("name", "sc-down"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("workspace.status on a host that went down answered in " + ms + " ms");

        assertThat(status).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) status).text()).contains("Host 'lab-down' cannot be reached over SSH: nothing answers on its SSH port")
                .doesNotContain("Something went wrong").doesNotContain("Docker refused");
        assertThat(ms).isLessThan(ANSWER_WITHIN_MS);
        Caller minji = new Caller("alice", "alice", dev.labhand.tool.Role.LEARNER, Caller.Lang.KO, "test");
        // the host is now known down: the next call says so at once, since when and why, in its member's language
        assertThat(((Outcome.Failed) t.call(minji, "workspace.status", Map.of("name", "sc-down"))).text())
                .contains("호스트 'lab-down'가").contains("부터 응답하지 않습니다: SSH 포트에서 응답이 없습니다");
    }

    @Test
    void should_answer_quickly_that_a_paused_host_does_not_answer() {
        workspaceOn("lab-frozen", "sc-frozen");

        sshd.pause();
        try {
            long start = System.nanoTime();
            Outcome status = t.call(alice, "workspace.status", Map.of("name", "sc-frozen"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("workspace.status on a paused host answered in " + ms + " ms");

            assertThat(status).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed) status).text()).contains("Host 'lab-frozen' cannot be reached over SSH: it did not answer in time")
                    .doesNotContain("Something went wrong").doesNotContain("Docker refused");
            assertThat(ms).isLessThan(ANSWER_WITHIN_MS);

            start = System.nanoTime();
            String host = ((Outcome.Done) t.call(teacher, "host.status", Map.of("name", "lab-frozen"))).text();
            ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("host.status on a paused host answered in " + ms + " ms");
            assertThat(host).contains("lab-frozen").contains("did not answer in time");
            assertThat(ms).isLessThan(ANSWER_WITHIN_MS);
        } finally {
            sshd.unpause();
        }
    }
}
