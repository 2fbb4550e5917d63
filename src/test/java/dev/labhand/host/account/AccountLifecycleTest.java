package dev.labhand.host.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.audit.AuditRow;
import dev.labhand.ssh.SshExec;
import dev.labhand.ssh.SshFailure;
import dev.labhand.ssh.SshTarget;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts on a real OpenSSH host (the sshd test container on 127.0.0.1, reached as root with Labhand's key): a
 * member's key, the grant, a login as the member with their own key, the revoke that ends that login and their
 * workspace on the host, and every step in the audit.
 */
class AccountLifecycleTest {
    private static final String WS_ROOT = "/var/lib/labhand/members/ana";
    private static SshdPeer sshd;
    private TestApp t;
    private Path keys;
    private final Caller teacher = TestApp.instructor("teacher");
    private final Caller ana = TestApp.learner("ana");

    @BeforeAll
    static void startSshd() {
        sshd = SshdPeer.start();
        // the bot reaches hosts as a user who may make accounts: here root, with the peer's client key
        SshdPeer.Result r = sshd.exec("sh", "-c", "usermod -p '*' root && install -d -m 700 /root/.ssh"
                + " && cp /home/labhand/.ssh/authorized_keys /root/.ssh/authorized_keys");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @AfterAll
    static void stopSshd() throws Exception {
        sshd.close();
        Path left = Path.of(WS_ROOT);
        if (Files.exists(left)) {
            try (var walk = Files.walk(left)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void start(@TempDir Path dir) {
        keys = dir;
        t = new TestApp(dir, "", "vm:\n  sshKey: " + sshd.privateKey() + "\n",
                new MutableClock(Instant.parse("2026-11-30T09:00:00Z")));
        Outcome added = t.call(teacher, "host.add", Map.of("name", "lab1", "address", "127.0.0.1",
                "port", String.valueOf(sshd.port()), "user", "root", "host-key", sshd.hostKey().line()));
        assertThat(added).as(added.toString()).isInstanceOf(Outcome.Done.class);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private String publicKey(Path privateKey) throws Exception {
        return Files.readString(SshdPeer.publicKeyOf(privateKey)).strip();
    }

    private SshExec login(String user, Path key) {
        return SshExec.open(new SshTarget("127.0.0.1", sshd.port(), user, sshd.hostKey()), key, Duration.ofSeconds(10));
    }

    private String text(Outcome o) {
        assertThat(o).as(o.toString()).isInstanceOf(Outcome.Done.class);
        return ((Outcome.Done) o).text();
    }

    private List<AuditRow> rows(String tool) {
        return t.app.audit.list(null, tool, 500);
    }

    private int processesOf(String user) {
        SshdPeer.Result r = sshd.exec("sh", "-c", "n=0; u=$(id -u \"$1\"); for p in /proc/[0-9]*; do "
                + "[ \"$(stat -c %u $p 2>/dev/null)\" = \"$u\" ] && n=$((n+1)); done; echo $n", "count", user);
        return Integer.parseInt(r.output().strip());
    }

    @Test
    void should_grant_log_in_regrant_as_no_op_and_revoke_ending_sessions_and_workspaces() throws Exception {
        // ana stores her own public key
        Path anaKey = SshdPeer.generateKey(keys, "ana_ed25519", "ed25519");
        assertThat(text(t.call(ana, "account.key-set", Map.of("key", publicKey(anaKey))))).contains("SHA256:");

        // an instructor grants her an account with docker, confirmed
        Outcome ask = t.call(teacher, "account.grant", Map.of("host", "lab1", "member", "ana", "docker", "true"));
        assertThat(ask).isInstanceOf(Outcome.NeedsConfirmation.class);
        String granted = text(t.callConfirmed(teacher, "account.grant", Map.of("host", "lab1", "member", "ana", "docker", "true")));
        assertThat(granted).contains("Account 'ana' on lab1").contains("created").contains("key").contains("docker-added")
                .contains("root-equivalent");
        assertThat(t.app.hosts.isAssigned("lab1", "ana")).isTrue();
        String dockerGroup = sshd.exec("stat", "-c", "%G", "/var/run/docker.sock").output().strip();

        // she logs in with her own key: groups as granted, no sudo, her workspace folder linked in her home
        try (SshExec session = login("ana", anaKey)) {
            SshExec.ExecResult id = session.run(List.of("id"), Duration.ofSeconds(10), 4000);
            assertThat(id.exitCode()).isZero();
            assertThat(id.output()).contains("(ana)").contains("(" + dockerGroup + ")").doesNotContain("(sudo)");
            SshExec.ExecResult link = session.run(List.of("readlink", "workspaces"), Duration.ofSeconds(10), 4000);
            assertThat(link.output().strip()).isEqualTo(WS_ROOT);
        }
        assertThat(sshd.exec("getent", "shadow", "ana").output()).startsWith("ana:*:");
        assertThat(Integer.parseInt(sshd.exec("id", "-u", "ana").output().strip()))
                .as("an id no container user has").isBetween(20000, 29999);

        // granting again changes nothing and writes no step rows
        int stepsBefore = (int) rows("account.grant").stream().filter(r -> r.outcome().equals("step")).count();
        assertThat(stepsBefore).isGreaterThanOrEqualTo(3);
        assertThat(text(t.callConfirmed(teacher, "account.grant", Map.of("host", "lab1", "member", "ana", "docker", "true"))))
                .contains("already as asked");
        assertThat(rows("account.grant").stream().filter(r -> r.outcome().equals("step")).count()).isEqualTo(stepsBefore);

        // connect: an ssh config block with her workspace's port forwarded
        Outcome created = t.call(ana, "workspace.create", Map.of("template", "busybox-cpu", "name", "acct-ws", "host", "lab1"));
        assertThat(created).as(created.toString()).isInstanceOf(Outcome.Done.class);
        WorkspaceRecord ws = t.app.workspaces.byName("acct-ws").orElseThrow();
        Files.writeString(Path.of(WS_ROOT, "acct-ws", "work", "notes.txt"), "kept");
        String connect = text(t.call(ana, "account.connect", Map.of("host", "lab1")));
        assertThat(connect).contains("Host labhand-lab1").contains("HostName 127.0.0.1").contains("User ana")
                .contains("Port " + sshd.port()).contains("Remote-SSH");
        for (int port : ws.ports().values()) {
            assertThat(connect).contains("LocalForward " + port + " 127.0.0.1:" + port).contains("-L " + port + ":127.0.0.1:" + port);
        }

        // a session of hers is running when the account is revoked
        SshExec running = login("ana", anaKey);
        CompletableFuture<SshExec.ExecResult> sleeping = CompletableFuture.supplyAsync(() -> {
            try {
                return running.run(List.of("sleep", "300"), Duration.ofSeconds(120), 1000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (processesOf("ana") == 0 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(processesOf("ana")).isPositive();

        String revoked = text(t.callConfirmed(teacher, "account.revoke", Map.of("host", "lab1", "member", "ana")));
        assertThat(revoked).contains("revoked").contains("keys").contains("locked").contains("sessions")
                .contains("Workspace 'acct-ws' on this host stopped").contains("Storage access: nothing is managed")
                .contains("kept");

        // the running session is gone, the same login fails, the workspace is stopped, the files are there
        SshExec.ExecResult ended = sleeping.get(30, TimeUnit.SECONDS);
        assertThat(ended.timedOut()).as("ended by the revoke, long before its 120 s").isFalse();
        assertThat(ended.exitCode()).as("killed (a signal: no exit status), not finished").isNull();
        running.close();
        assertThat(processesOf("ana")).isZero();
        assertThatThrownBy(() -> login("ana", anaKey).close()).isInstanceOf(SshFailure.class);
        assertThat(t.app.workspaces.byName("acct-ws").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.STOPPED);
        assertThat(DockerPeer.engine().details("lh-acct-ws").orElseThrow().running()).isFalse();
        assertThat(Files.readString(Path.of(WS_ROOT, "acct-ws", "work", "notes.txt"))).isEqualTo("kept");
        assertThat(sshd.exec("test", "-d", "/home/ana").exit()).as("home kept").isZero();

        // the list shows the account locked; every step has its row
        assertThat(text(t.call(teacher, "account.list", Map.of("host", "lab1")))).contains("ana: ana, locked");
        List<String> revokeSteps = rows("account.revoke").stream().filter(r -> r.outcome().equals("step"))
                .map(AuditRow::detail).toList();
        assertThat(revokeSteps).contains("keys", "locked", "group-" + dockerGroup, "sessions", "storage");
        assertThat(rows("workspace.stop")).anySatisfy(r -> assertThat(r.callerId()).isEqualTo("teacher"));
        assertThat(rows("account.revoke")).anySatisfy(r -> assertThat(r.outcome()).isEqualTo("done"));
        assertThat(t.app.accounts.repository().account("lab1", "ana").orElseThrow().active()).isFalse();
    }

    @Test
    void should_refuse_hostile_member_and_user_names_before_anything_happens() {
        String before = sshd.exec("getent", "passwd").output();
        for (String member : List.of("root", "../x", "a;b", "a".repeat(40), "멤버", "labhand", "azureuser")) {
            Outcome o = t.call(teacher, "account.grant", Map.of("host", "lab1", "member", member));
            assertThat(o).as(member).isInstanceOf(Outcome.Invalid.class);
        }
        for (String user : List.of("root", "../x", "sudo", "a".repeat(40), "Ana")) {
            Outcome o = t.call(teacher, "account.grant", Map.of("host", "lab1", "member", "ana", "user", user));
            assertThat(o).as(user).isInstanceOf(Outcome.Invalid.class);
        }
        assertThat(sshd.exec("getent", "passwd").output()).isEqualTo(before);
        assertThat(t.app.audit.list("teacher", "account.grant", 100)).hasSize(12)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("invalid"));
    }

    @Test
    void should_refuse_a_name_taken_on_the_host_by_someone_else() throws Exception {
        assertThat(sshd.exec("useradd", "-m", "-c", "not labhand", "cara").exit()).isZero();
        Path key = SshdPeer.generateKey(keys, "cara_ed25519", "ed25519");
        t.call(TestApp.learner("cara"), "account.key-set", Map.of("key", publicKey(key)));

        Outcome o = t.callConfirmed(teacher, "account.grant", Map.of("host", "lab1", "member", "cara"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).contains("already exists on lab1").contains("did not make it");
        assertThat(sshd.exec("test", "-e", "/home/cara/.ssh/authorized_keys").exit()).isNotZero();
    }

    @Test
    void should_log_in_with_a_generated_key_whose_private_half_is_only_in_the_answer() throws Exception {
        Caller dan = TestApp.learner("dan");
        Outcome o = t.call(dan, "account.key-generate", Map.of());
        assertThat(o).isInstanceOf(Outcome.Done.class);
        Outcome.Done done = (Outcome.Done) o;
        assertThat(done.secret()).isTrue();
        String pem = done.text().substring(done.text().indexOf("-----BEGIN"), done.text().indexOf("-----END OPENSSH PRIVATE KEY-----") + 33);
        Path file = Files.writeString(keys.resolve("dan_key"), pem + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(t.app.accounts.repository().keyOf("dan").orElseThrow().line()).startsWith("ssh-ed25519 ")
                .doesNotContain("PRIVATE");
        assertThat(text(t.callConfirmed(teacher, "account.grant", Map.of("host", "lab1", "member", "dan")))).contains("created");

        try (SshExec session = login("dan", file)) {
            SshExec.ExecResult id = session.run(List.of("id", "-un"), Duration.ofSeconds(10), 400);
            assertThat(id.output().strip()).isEqualTo("dan");
        }
        String db = Files.readString(t.dir.resolve("labhand.db"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(db).doesNotContain("PRIVATE KEY").doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
    }
}
