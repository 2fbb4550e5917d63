package dev.labhand.support;

import dev.labhand.workspace.DockerEngine;
import java.time.Duration;

/**
 * The real Docker engine the tests use, started by {@code scripts/peers.sh}. A missing engine or test
 * image fails the test with what to run; nothing is skipped.
 */
public final class DockerPeer {
    public static final String HOST = "unix:///var/run/docker.sock";
    public static final String TEST_IMAGE = "labhand-test/busybox:latest";
    /** Every test template labels its containers with this, so leftovers of a killed run can be found. */
    public static final String TEST_LABEL = "course=labhand-tests";

    /** The loopback registry scripts/peers.sh starts, and the image it holds. */
    public static final String REGISTRY = "127.0.0.1:5055";
    public static final String REGISTRY_IMAGE = REGISTRY + "/labhand-test/busybox:pull";

    private static DockerEngine engine;

    private DockerPeer() {}

    public static synchronized DockerEngine engine() {
        if (engine == null) {
            DockerEngine e = new DockerEngine(HOST, Duration.ofSeconds(60));
            try {
                e.ping();
            } catch (RuntimeException ex) {
                throw new AssertionError("No Docker engine at " + HOST + ". Run scripts/peers.sh (it installs and starts one).", ex);
            }
            if (!e.hasImage(TEST_IMAGE)) {
                throw new AssertionError("Test image " + TEST_IMAGE + " is missing. Run scripts/peers.sh (it builds it offline).");
            }
            engine = e;
        }
        return engine;
    }

    /** Removes a local image with the docker CLI (the bot itself never deletes images). */
    public static void removeImage(String image) {
        try {
            Process p = new ProcessBuilder("/usr/bin/docker", "rmi", "-f", image).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails with what to run when the loopback registry is not serving. */
    public static void requireRegistry() {
        try {
            var c = (java.net.HttpURLConnection) java.net.URI.create("http://" + REGISTRY + "/v2/").toURL().openConnection();
            c.setConnectTimeout(2000);
            if (c.getResponseCode() != 200) throw new java.io.IOException("HTTP " + c.getResponseCode());
        } catch (java.io.IOException e) {
            throw new AssertionError("No image registry at " + REGISTRY + ". Run scripts/peers.sh (it starts one).", e);
        }
    }

    /** Removes the test containers with these names (a test's own), never another run's. */
    public static void removeContainersNamed(DockerEngine e, java.util.Collection<String> names) {
        for (String n : names) e.inspect(n).ifPresent(c -> e.remove(c.id()));
    }
}
