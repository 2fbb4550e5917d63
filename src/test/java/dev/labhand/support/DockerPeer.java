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
            removeTestContainers(e);
            engine = e;
        }
        return engine;
    }

    /** Removes containers left by earlier, killed test runs. */
    public static void removeTestContainers(DockerEngine e) {
        for (DockerEngine.ContainerState c : e.listLabelled(TEST_LABEL)) e.remove(c.id());
    }
}
