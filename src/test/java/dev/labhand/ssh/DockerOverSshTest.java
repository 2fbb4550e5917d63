package dev.labhand.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.support.DockerPeer;
import dev.labhand.support.SshdPeer;
import dev.labhand.workspace.ContainerPlan;
import dev.labhand.workspace.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker-java against the real engine, reached through sshd in {@link SshdPeer}: the "remote" host runs
 * {@code docker system dial-stdio} as a non-root user, so every byte crosses SSH.
 */
final class DockerOverSshTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static SshdPeer peer;

    private DockerOverSsh bridge;
    private DockerEngine remote;

    @BeforeAll
    static void startSshd() {
        peer = SshdPeer.start();
    }

    @AfterAll
    static void stopSshd() {
        peer.close();
    }

    @BeforeEach
    void openBridge() {
        bridge = DockerOverSsh.open(peer.target(), peer.privateKey(), TIMEOUT);
        remote = new DockerEngine(bridge.dockerHost(), TIMEOUT);
    }

    @AfterEach
    void closeBridge() throws IOException {
        remote.close();
        bridge.close();
    }

    @Test
    void should_listen_on_loopback_only() {
        URI host = URI.create(bridge.dockerHost());

        assertThat(host.getScheme()).isEqualTo("tcp");
        assertThat(host.getHost()).isEqualTo("127.0.0.1");
        assertThat(host.getPort()).isPositive();
    }

    @Test
    void should_run_a_whole_workspace_lifecycle_on_the_remote_engine() throws Exception {
        String name = "lh-ssh-lifecycle-" + ProcessHandle.current().pid();
        ContainerPlan plan = new ContainerPlan(name, DockerPeer.TEST_IMAGE,
                List.of("sh", "-c", "echo hello-over-ssh; exec sleep 300"), Map.of(), Map.of("course", "labhand-tests"),
                Map.of(), "127.0.0.1", Map.of(), 256, 0.5, 64, false, "none", null);

        remote.ping();
        assertThat(remote.info().version()).isEqualTo(DockerPeer.engine().info().version());
        assertThat(remote.hasImage(DockerPeer.TEST_IMAGE)).isTrue();
        String id = remote.create(plan);
        try {
            remote.start(id);
            assertThat(remote.inspect(id).orElseThrow().running()).isTrue();
            assertThat(DockerPeer.engine().inspect(name).orElseThrow().id()).as("the same engine, seen locally").isEqualTo(id);
            DockerEngine.ExecResult exec = remote.exec(id, List.of("echo", "exec-over-ssh"), TIMEOUT, 1000);
            assertThat(exec.exitCode()).isZero();
            assertThat(exec.output()).isEqualTo("exec-over-ssh\n");
            assertThat(remote.logs(id, 10, 1000)).contains("hello-over-ssh");
            assertThat(remote.details(id).orElseThrow().networkMode()).isEqualTo("none");
        } finally {
            assertThat(remote.remove(id)).isTrue();
        }
        assertThat(remote.inspect(id)).isEmpty();
    }

    @Test
    void should_serve_more_simultaneous_connections_than_one_ssh_connection_carries() throws Exception {
        int connections = SessionPool.SESSIONS_PER_CONNECTION + 6;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) sockets.add(open());
            for (Socket s : sockets) s.getOutputStream().write(ping().getBytes(StandardCharsets.US_ASCII));
            for (Socket s : sockets) {
                s.shutdownOutput(); // half-close: the answer must still arrive, then the end of the stream
                assertThat(readAll(s)).startsWith("HTTP/1.1 200 OK").endsWith("OK");
            }
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    @Test
    void should_serve_concurrent_docker_java_calls() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> versions = new ArrayList<>();
            for (int i = 0; i < 48; i++) versions.add(pool.submit(() -> remote.info().version()));
            String expected = DockerPeer.engine().info().version();
            for (Future<String> v : versions) assertThat(v.get()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_reconnect_when_the_ssh_connection_dropped() throws Exception {
        assertThat(pingOverRawSocket()).endsWith("OK");

        SshdPeer.Result killed = peer.exec("bash", "-c", """
                master=$(cat /run/labhand-sshd.pid)
                for d in /proc/[0-9]*; do
                  p=${d#/proc/}
                  if [ "$(cat $d/comm 2>/dev/null)" = sshd ] && [ "$p" != "$master" ]; then kill -9 $p; fi
                done""");
        assertThat(killed.exit()).isZero();

        // the client may not have seen the drop yet when the next request comes (a request caught in that
        // moment fails, as with the docker CLI); the bridge must recover by itself, without being reopened
        String answer = "";
        for (int i = 0; i < 20 && !answer.endsWith("OK"); i++) {
            try {
                answer = pingOverRawSocket();
            } catch (IOException e) {
                answer = e.toString();
            }
            if (!answer.endsWith("OK")) Thread.sleep(100);
        }
        assertThat(answer).endsWith("OK");
        remote.ping();
    }

    @Test
    void should_refuse_connections_once_closed() throws IOException {
        int port = URI.create(bridge.dockerHost()).getPort();
        remote.ping();

        bridge.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(remote::ping).isInstanceOf(RuntimeException.class);
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", URI.create(bridge.dockerHost()).getPort());
        s.setSoTimeout((int) TIMEOUT.toMillis());
        return s;
    }

    private String pingOverRawSocket() throws IOException {
        try (Socket s = open()) {
            s.getOutputStream().write(ping().getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            return readAll(s);
        }
    }

    private static String ping() {
        return "GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n";
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
