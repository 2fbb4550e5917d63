package dev.labhand.image;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A bot whose course images are the test ones (src/test/resources/test-images, built from the offline busybox
 * image), with the authenticated loopback registry of scripts/peers.sh configured and its credentials in a
 * given environment.
 */
public final class ImageToolsBed implements AutoCloseable {
    /** The htpasswd registry scripts/peers.sh runs, and its test-only account. */
    static final String AUTH_REGISTRY = "127.0.0.1:5056";
    static final String USER = "labhand-test";
    static final String PASSWORD = "labhand-test-pass";

    public final Wiring wiring;

    /**
     * @param env      the environment the bot reads credentials from (beside the process's own)
     * @param registries the YAML list under images.registries
     */
    public ImageToolsBed(Path dir, Map<String, String> env, String registries) {
        DockerPeer.engine();
        Path tools = dir.resolve("tools");
        try {
            Files.createDirectories(tools);
            for (String shared : new String[] {"diagnostics", "knowledge", "vm"}) {
                Files.createSymbolicLink(tools.resolve(shared), Path.of("tools", shared).toAbsolutePath());
            }
            Files.createSymbolicLink(tools.resolve("images"), Path.of("src/test/resources/test-images").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path config = TestApp.writeConfig(dir, "", "toolsDir: " + tools + "\nimages:\n  registries:\n" + registries);
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(env);
        this.wiring = new Wiring(LabhandConfig.load(config, all::get), all::get, Clock.systemUTC());
    }

    public static String plainRegistry(String name) {
        return "    - name: " + name + "\n      kind: plain\n      server: " + AUTH_REGISTRY
                + "\n      namespace: course\n      userEnv: LH_REG_USER\n      passwordEnv: LH_REG_PASSWORD\n";
    }

    /** Removes the containers this bot made (by its instance label), never another run's. */
    @Override
    public void close() {
        for (var r : wiring.workspaces.all()) {
            if (r.containerId() != null) wiring.docker.remove(r.containerId());
        }
        wiring.docker.containersOf(wiring.instanceId).forEach(c -> wiring.docker.remove(c.id()));
        wiring.close();
    }
}
