package dev.labhand.support;

import dev.labhand.ssh.SshPublicKey;
import dev.labhand.ssh.SshTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A "remote" Docker host for the SSH tests: a container from {@value #IMAGE} (built by
 * {@code scripts/peers.sh test}) on the host network, running sshd on 127.0.0.1 at a free port, with a
 * non-root user {@value #USER} allowed to use the real engine (the host's socket and docker client are
 * bound in, and the user is in the socket's group). Host keys are generated per container; the client key
 * pair is generated per peer in a temporary folder. A missing image fails the test with what to run.
 */
public final class SshdPeer implements AutoCloseable {
    public static final String IMAGE = "labhand-test/sshd:latest";
    public static final String USER = "labhand";
    private static final String DOCKER = "/usr/bin/docker";
    private static final String SOCKET = "/var/run/docker.sock";
    private static final String CONFIG = "/etc/ssh/labhand_sshd_config";
    /**
     * Runs as root in the container: the user, fresh host keys, a config of its own, then sshd in front.
     * Run again on a restart, so a restarted peer comes back with new host keys.
     */
    private static final String SETUP = """
            set -e
            group=$(getent group "$SOCK_GID" | cut -d: -f1)
            [ -n "$group" ] || { groupadd -g "$SOCK_GID" docker-host; group=docker-host; }
            id -u labhand >/dev/null 2>&1 || useradd -m -s /bin/bash -G "$group" labhand
            usermod -p '*' labhand
            install -d -m 700 -o labhand -g labhand /home/labhand/.ssh
            printf '%s\\n' "$AUTHORIZED_KEY" > /home/labhand/.ssh/authorized_keys
            chown labhand:labhand /home/labhand/.ssh/authorized_keys
            chmod 600 /home/labhand/.ssh/authorized_keys
            # a restart is a rebuilt machine (new host keys) unless startAgain left the marker: a reboot
            [ -f /etc/ssh/keep-host-keys ] || { rm -f /etc/ssh/ssh_host_*; ssh-keygen -A; }
            rm -f /etc/ssh/keep-host-keys
            mkdir -p /run/sshd
            cat > /etc/ssh/labhand_sshd_config <<CONF
            Port $SSH_PORT
            ListenAddress 127.0.0.1
            HostKey /etc/ssh/ssh_host_ed25519_key
            HostKey /etc/ssh/ssh_host_ecdsa_key
            HostKey /etc/ssh/ssh_host_rsa_key
            PidFile /run/labhand-sshd.pid
            AuthorizedKeysFile .ssh/authorized_keys
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            CONF
            exec /usr/sbin/sshd -D -e -f /etc/ssh/labhand_sshd_config
            """;

    private final String container;
    private final int port;
    private final Path dir;
    private final Path privateKey;

    /** What a command run with {@link #exec} or {@link #run} gave. */
    public record Result(int exit, String output) {}

    private SshdPeer(String container, int port, Path dir, Path privateKey) {
        this.container = container;
        this.port = port;
        this.dir = dir;
        this.privateKey = privateKey;
    }

    /** Starts the container and waits until sshd answers. */
    public static SshdPeer start() {
        DockerPeer.engine(); // the engine is up (or the test fails saying what to run)
        if (run(DOCKER, "image", "inspect", IMAGE).exit() != 0) {
            throw new AssertionError("Test image " + IMAGE + " is missing. Run scripts/peers.sh test (it builds it offline).");
        }
        Path dir = null;
        String container = null;
        try {
            dir = Files.createTempDirectory("labhand-sshd-peer-");
            Path key = generateKey(dir, "id_ed25519", "ed25519");
            int port = freePort();
            Object gid = Files.getAttribute(Path.of(SOCKET), "unix:gid");
            Result started = run(DOCKER, "run", "-d", "--network", "host", "--label", DockerPeer.TEST_LABEL,
                    "-v", SOCKET + ":" + SOCKET, "-v", DOCKER + ":" + DOCKER + ":ro",
                    "-e", "SSH_PORT=" + port, "-e", "SOCK_GID=" + gid,
                    "-e", "AUTHORIZED_KEY=" + Files.readString(publicKeyOf(key)).strip(),
                    IMAGE, "/bin/bash", "-c", SETUP);
            if (started.exit() != 0) throw new AssertionError("docker run " + IMAGE + " failed: " + started.output());
            container = started.output().strip();
            SshdPeer peer = new SshdPeer(container, port, dir, key);
            peer.awaitBanner();
            return peer;
        } catch (IOException e) {
            cleanUp(container, dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            cleanUp(container, dir);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The target with the host key read from the container, standing for what a VM provider reports. */
    public SshTarget target() {
        return new SshTarget("127.0.0.1", port, USER, hostKey());
    }

    /** The container's ed25519 host key. */
    public SshPublicKey hostKey() {
        Result key = exec("cat", "/etc/ssh/ssh_host_ed25519_key.pub");
        if (key.exit() != 0) throw new AssertionError("cannot read the host key: " + key.output());
        return SshPublicKey.parse(key.output());
    }

    /** The authorized client key (OpenSSH format, ed25519, no passphrase). */
    public Path privateKey() {
        return privateKey;
    }

    /** Adds another client public key to {@value #USER}'s authorized keys. */
    public void authorize(Path publicKey) throws IOException {
        Result r = run(DOCKER, "exec", "-u", USER, container, "/bin/bash", "-c",
                "printf '%s\\n' \"$1\" >> ~/.ssh/authorized_keys", "authorize", Files.readString(publicKey).strip());
        if (r.exit() != 0) throw new AssertionError("cannot authorize " + publicKey + ": " + r.output());
    }

    /**
     * Restarts the container, as a rebuilt machine would come back: every connection drops, and sshd answers
     * on the same port with freshly generated host keys.
     */
    public void restartWithNewHostKeys() {
        docker("restart", "-t", "1", container);
        awaitBanner();
    }

    /** Stops the container: the host is down, nothing listens on its port. */
    public void stop() {
        docker("stop", "-t", "1", container);
    }

    /** Starts a stopped host again, with the same host keys, and waits for its SSH banner. */
    public void startAgain() {
        try {
            Path marker = Files.writeString(dir.resolve("keep-host-keys"), "");
            docker("cp", marker.toString(), container + ":/etc/ssh/keep-host-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        docker("start", container);
        awaitBanner();
    }

    /** Freezes every process in the container: the port still accepts connections, nothing answers. */
    public void pause() {
        docker("pause", container);
    }

    public void unpause() {
        docker("unpause", container);
    }

    private static void docker(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = DOCKER;
        System.arraycopy(args, 0, argv, 1, args.length);
        Result r = run(argv);
        if (r.exit() != 0) throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r.output());
    }

    /** sshd's log so far (it runs with {@code -e}, so the log is the container's output). */
    public String logs() {
        return run(DOCKER, "logs", container).output();
    }

    /** Runs {@code argv} in the container as root, outside SSH: for checking what a test did. */
    public Result exec(String... argv) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "exec", container));
        cmd.addAll(List.of(argv));
        return run(cmd.toArray(String[]::new));
    }

    /**
     * Generates a key pair of {@code type} ({@code ed25519} or {@code rsa}) as {@code dir/name} and
     * {@code dir/name.pub}; returns the private key.
     */
    public static Path generateKey(Path dir, String name, String type) {
        Path key = dir.resolve(name);
        Result r = run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "labhand-test", "-f", key.toString());
        if (r.exit() != 0) throw new AssertionError("ssh-keygen failed: " + r.output());
        return key;
    }

    public static Path publicKeyOf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    /** Waits up to 20 s for sshd's banner; on failure the container's log says why. */
    private void awaitBanner() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                byte[] banner = in.readNBytes(4);
                if (new String(banner, StandardCharsets.US_ASCII).equals("SSH-")) return;
            } catch (IOException notYet) {
                // sshd is still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("sshd did not answer on 127.0.0.1:" + port + "; container log:\n" + logs());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static Result run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + argv[0], e);
        }
    }

    private static void cleanUp(String container, Path dir) {
        if (container != null) run(DOCKER, "rm", "-f", container);
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("SshdPeer: could not delete " + dir + ": " + e);
            }
        }
    }

    /** Removes the container and the key folder. */
    @Override
    public void close() {
        cleanUp(container, dir);
    }
}
