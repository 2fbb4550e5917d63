package dev.labhand.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.support.SshdPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting to a real sshd: the host key check, key authentication, and how failures are reported. */
final class SshConnectorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static SshdPeer peer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSshd() {
        peer = SshdPeer.start();
    }

    @AfterAll
    static void stopSshd() {
        peer.close();
    }

    @Test
    void should_connect_and_authenticate_when_the_server_shows_the_recorded_host_key() throws Exception {
        SSHClient client = SshConnector.connect(peer.target(), peer.privateKey(), TIMEOUT);
        try {
            assertThat(client.isAuthenticated()).isTrue();
        } finally {
            client.disconnect();
        }
        try (SshExec ssh = SshExec.open(peer.target(), peer.privateKey(), TIMEOUT)) {
            assertThat(ssh.run(List.of("id", "-un"), TIMEOUT, 1000).output()).isEqualTo("labhand\n");
        }
    }

    @Test
    void should_ask_for_the_recorded_keys_algorithm_when_the_host_has_several_keys() throws Exception {
        SshPublicKey rsa = SshPublicKey.parse(peer.exec("cat", "/etc/ssh/ssh_host_rsa_key.pub").output());
        SshTarget target = new SshTarget("127.0.0.1", peer.port(), SshdPeer.USER, rsa);

        try (SshExec ssh = SshExec.open(target, peer.privateKey(), TIMEOUT)) {
            assertThat(ssh.run(List.of("true"), TIMEOUT, 100).exitCode()).isZero();
        }
    }

    @Test
    void should_refuse_a_host_showing_another_key_naming_both_fingerprints_and_never_authenticate() throws Exception {
        SshPublicKey recorded = SshPublicKey.parse(Files.readString(
                SshdPeer.publicKeyOf(SshdPeer.generateKey(dir, "not_the_host", "ed25519"))));
        SshTarget target = new SshTarget("127.0.0.1", peer.port(), SshdPeer.USER, recorded);
        long acceptedBefore = acceptedLogins();

        assertThatThrownBy(() -> SshExec.open(target, peer.privateKey(), TIMEOUT))
                .isInstanceOfSatisfying(HostKeyMismatchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SshFailure.Kind.HOST_KEY);
                    assertThat(e.expected()).isEqualTo(recorded.fingerprint());
                    assertThat(e.presented()).isEqualTo(peer.hostKey().fingerprint());
                    assertThat(e.getMessage()).contains(recorded.fingerprint(), peer.hostKey().fingerprint(),
                            "labhand@127.0.0.1:" + peer.port());
                });
        assertThatThrownBy(() -> DockerOverSsh.open(target, peer.privateKey(), TIMEOUT))
                .isInstanceOf(HostKeyMismatchException.class);
        assertThat(acceptedLogins()).isEqualTo(acceptedBefore);
    }

    @Test
    void should_report_a_key_the_server_does_not_accept_as_AUTH() {
        Path stranger = SshdPeer.generateKey(dir, "stranger", "ed25519");

        assertThatThrownBy(() -> SshExec.open(peer.target(), stranger, TIMEOUT))
                .isInstanceOfSatisfying(SshFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(SshFailure.Kind.AUTH);
                    assertThat(e.getMessage()).isEqualTo("labhand@127.0.0.1:" + peer.port() + ": the server did not accept the key");
                });
    }

    @Test
    void should_authenticate_with_an_rsa_key_in_openssh_format() throws Exception {
        Path rsa = SshdPeer.generateKey(dir, "id_rsa", "rsa");
        peer.authorize(SshdPeer.publicKeyOf(rsa));

        try (SshExec ssh = SshExec.open(peer.target(), rsa, TIMEOUT)) {
            assertThat(ssh.run(List.of("id", "-un"), TIMEOUT, 100).output()).isEqualTo("labhand\n");
        }
    }

    @Test
    void should_report_a_missing_or_unusable_key_file_as_AUTH_before_connecting() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage"), "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n");

        assertThatThrownBy(() -> SshExec.open(peer.target(), dir.resolve("absent"), TIMEOUT))
                .isInstanceOfSatisfying(SshFailure.class, e -> assertThat(e.kind()).isEqualTo(SshFailure.Kind.AUTH))
                .hasMessageContaining("cannot read the private key file");
        assertThatThrownBy(() -> SshExec.open(peer.target(), garbage, TIMEOUT))
                .isInstanceOfSatisfying(SshFailure.class, e -> assertThat(e.kind()).isEqualTo(SshFailure.Kind.AUTH))
                .hasMessageContaining("is not an unencrypted OpenSSH or PEM key");
    }

    @Test
    void should_report_a_closed_port_as_UNREACHABLE() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        SshTarget target = new SshTarget("127.0.0.1", closed, SshdPeer.USER, peer.hostKey());

        assertThatThrownBy(() -> SshExec.open(target, peer.privateKey(), TIMEOUT))
                .isInstanceOfSatisfying(SshFailure.class, e -> assertThat(e.kind()).isEqualTo(SshFailure.Kind.UNREACHABLE));
    }

    @Test
    void should_report_a_server_that_never_answers_as_TIMEOUT() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            SshTarget target = new SshTarget("127.0.0.1", silent.getLocalPort(), SshdPeer.USER, peer.hostKey());
            long start = System.nanoTime();

            assertThatThrownBy(() -> SshExec.open(target, peer.privateKey(), Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(SshFailure.class, e -> assertThat(e.kind()).isEqualTo(SshFailure.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void should_not_build_a_target_without_a_recorded_host_key() {
        assertThatThrownBy(() -> new SshTarget("127.0.0.1", peer.port(), SshdPeer.USER, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("no recorded host key");
    }

    /** sshd logs one "Accepted publickey" line per successful login. */
    private static long acceptedLogins() {
        return peer.logs().lines().filter(l -> l.contains("Accepted publickey")).count();
    }
}
