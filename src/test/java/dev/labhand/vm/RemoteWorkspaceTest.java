package dev.labhand.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace placed on a remote Docker host: the real sshd in a test container on 127.0.0.1, reached
 * with Labhand's key, whose {@code docker system dial-stdio} speaks to the real dockerd. Host keys are
 * checked on every connection; learners use only hosts they are assigned.
 */
class RemoteWorkspaceTest {
    private static SshdPeer sshd;
    private TestApp t;
    private final Caller teacher = TestApp.instructor("teacher");
    private final Caller alice = TestApp.learner("alice");
    private final Caller bob = TestApp.learner("bob");

    @BeforeAll
    static void startSshd() {
        sshd = SshdPeer.start();
    }

    @AfterAll
    static void stopSshd() throws Exception {
        sshd.close();
        // the "remote" engine is this machine's: remove the volume folder it made for the workspace
        Path left = Path.of("/var/lib/labhand/members/alice/rw-demo");
        if (java.nio.file.Files.exists(left)) {
            try (var walk = java.nio.file.Files.walk(left)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void start(@TempDir Path dir) {
        t = new TestApp(dir, "", "vm:\n  sshKey: " + sshd.privateKey() + "\n",
                new MutableClock(Instant.parse("2026-11-28T09:00:00Z")));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private Outcome addHost(String name, String hostKey) {
        return t.call(teacher, "host.add", Map.of("name", name, "address", "127.0.0.1",
                "port", String.valueOf(sshd.port()), "user", SshdPeer.USER, "host-key", hostKey));
    }

    @Test
    void should_create_use_and_remove_a_workspace_on_a_remote_host() throws Exception {
        // an instructor registers the host with its key and assigns alice
        Outcome added = addHost("lab1", sshd.hostKey().line());
        assertThat(added).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) added).text()).contains("Host 'lab1' (127.0.0.1) registered")
                .contains(sshd.hostKey().fingerprint()).contains("Docker " + DockerPeer.engine().info().version() + " answers");
        assertThat(t.call(teacher, "host.assign", Map.of("name", "lab1", "member", "alice"))).isInstanceOf(Outcome.Done.class);

        // bob is not assigned: refused by the gateway, nothing made
        Outcome refused = t.call(bob, "workspace.create", Map.of("template", "busybox-cpu", "name", "rw-bob", "host", "lab1"));
        assertThat(refused).isInstanceOf(Outcome.Denied.class);
        assertThat(DockerPeer.engine().inspect("lh-rw-bob")).isEmpty();

        // alice creates on lab1: through SSH to the engine there
        Outcome created = t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "rw-demo", "host", "lab1"));
        assertThat(created).as(created.toString()).isInstanceOf(Outcome.Done.class);
        WorkspaceRecord r = t.app.workspaces.byName("rw-demo").orElseThrow();
        assertThat(r.host()).isEqualTo("lab1");
        var container = DockerPeer.engine().details("lh-rw-demo").orElseThrow();
        assertThat(container.running()).isTrue();
        assertThat(DockerPeer.engine().hostConfig(container.id()).getBinds()[0].getPath())
                .isEqualTo("/var/lib/labhand/members/alice/rw-demo/work");

        assertThat(((Outcome.Done) t.call(alice, "workspace.list", Map.of())).text()).contains("rw-demo").contains("(on host lab1)");
        // she uses it: status, logs and a diagnostic run over the same bridge
        assertThat(((Outcome.Done) t.call(alice, "workspace.status", Map.of("name", "rw-demo"))).text()).contains("running");
        String logs = ((Outcome.Done) t.call(alice, "workspace.logs", Map.of("name", "rw-demo"))).text();
        assertThat(logs).contains("workspace up").doesNotContain(r.secret());
        assertThat(((Outcome.Done) t.call(alice, "diag.system-memory", Map.of("workspace", "rw-demo"))).text()).contains("Mem");
        // a container that stops by itself is seen as stopped when the idle watcher counts (it asks the engine)
        assertThat(t.app.vms.runningNow("lab1")).isEqualTo(1);
        DockerPeer.engine().stop(container.id(), 1);
        assertThat(t.app.vms.runningNow("lab1")).isZero();
        assertThat(t.app.workspaces.byName("rw-demo").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.STOPPED);
        assertThat(((Outcome.Done) t.call(alice, "workspace.start", Map.of("name", "rw-demo"))).text()).contains("started");
        assertThat(((Outcome.Done) t.call(alice, "workspace.stop", Map.of("name", "rw-demo"))).text()).contains("stopped");
        assertThat(DockerPeer.engine().details("lh-rw-demo").orElseThrow().running()).isFalse();

        // and removes it, confirmed
        assertThat(t.callConfirmed(alice, "workspace.remove", Map.of("name", "rw-demo"))).isInstanceOf(Outcome.Done.class);
        assertThat(DockerPeer.engine().inspect("lh-rw-demo")).isEmpty();
        assertThat(t.app.workspaces.byName("rw-demo")).isEmpty();
    }

    @Test
    void should_refuse_a_host_whose_key_is_not_the_recorded_one() {
        String otherKey = SshKeys.publicLine(SshKeys.generate(t.dir, "impostor"));
        long loginsBefore = logins();
        addHost("lab2", otherKey);
        t.call(teacher, "host.assign", Map.of("name", "lab2", "member", "alice"));

        Outcome o = t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "rw-mitm", "host", "lab2"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).contains("presented a different SSH host key")
                .contains(sshd.hostKey().fingerprint()).contains("Labhand will not connect");
        assertThat(t.app.workspaces.byName("rw-mitm")).isEmpty();
        assertThat(DockerPeer.engine().inspect("lh-rw-mitm")).isEmpty();
        assertThat(logins()).as("no login was attempted past the key exchange").isEqualTo(loginsBefore);
        assertThat(sshd.logs()).contains("Could not verify `ssh-ed25519` host key");
    }

    private static long logins() {
        return sshd.logs().lines().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Test
    void should_reconcile_a_host_when_it_is_first_reached() {
        addHost("lab6", sshd.hostKey().line());
        java.time.Instant longAgo = java.time.Instant.parse("2026-11-28T08:50:00Z");
        t.app.workspaces.insert(new WorkspaceRecord(java.util.UUID.randomUUID().toString(), "rw-died", "alice",
                "busybox-cpu", "lab6", null, WorkspaceRecord.Status.CREATING, Map.of(), null, longAgo, longAgo));
        t.app.remoteHosts.forget("lab6"); // host.add's health check reached it already: start from no connection

        t.call(teacher, "host.status", Map.of("name", "lab6"));

        assertThat(t.app.workspaces.byName("rw-died")).as("a create that died on lab6, cleared on first contact").isEmpty();
    }

    @Test
    void should_show_each_hosts_engine_in_doctor() {
        addHost("lab4", sshd.hostKey().line());
        addHost("lab5", SshKeys.publicLine(SshKeys.generate(t.dir, "wrong")));

        var findings = new dev.labhand.doctor.Doctor(Caller.Lang.EN, System::getenv).check(t.configFile, null);

        assertThat(findings).anySatisfy(f -> assertThat(f.text()).startsWith("host lab4: Docker ")
                .contains("no NVIDIA runtime"));
        assertThat(findings).anySatisfy(f -> assertThat(f.text()).startsWith("host lab5: Docker not reachable")
                .contains("different SSH host key"));
        assertThat(findings).noneMatch(f -> f.fatal() && f.text().startsWith("host "));
    }

    @Test
    void should_show_a_hosts_engine_in_host_status_and_refuse_an_unknown_host() {
        addHost("lab3", sshd.hostKey().line());

        Outcome status = t.call(teacher, "host.status", Map.of("name", "lab3"));
        Outcome unknown = t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "rw-x", "host", "nowhere"));

        assertThat(((Outcome.Done) status).text()).contains("lab3 [ssh").contains("Docker ").contains("answers");
        assertThat(unknown).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) unknown).text()).contains("There is no host named 'nowhere'");
    }
}
