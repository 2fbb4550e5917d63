package dev.labhand.workspace;

import static dev.labhand.support.TestApp.instructor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.StallingRegistry;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull whose registry stops sending part-way through a layer (the connection stays open): the real
 * engine's progress stream freezes, and the bot gives up after the configured quiet time with an answer
 * that says so, instead of waiting out the tool's 90-minute limit.
 */
final class StalledPullTest {
    @TempDir
    Path dir;

    @Test
    void should_give_up_on_a_pull_that_stops_making_progress_and_say_so() throws Exception {
        Path config = TestApp.writeConfig(dir, "");
        Files.writeString(config, Files.readString(config).replace("docker:\n", "docker:\n  timeoutSeconds: 5\n"));
        try (StallingRegistry registry = new StallingRegistry();
             Wiring app = new Wiring(LabhandConfig.load(config, System::getenv), System::getenv, Clock.systemUTC())) {
            String image = registry.image("labhand-test/stall");
            List<String> progress = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            Outcome o = app.gateway.invoke(instructor("ines"), "image.pull", Map.of("image", image), Origin.SLASH,
                    progress::add);
            long seconds = (System.nanoTime() - start) / 1_000_000_000;

            assertThat(registry.layerRequested()).as("the stall is mid-pull: " + registry.requests() + " " + progress).isTrue();
            assertThat(o).as(o.toString()).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed) o).text()).contains(image).contains("no progress");
            assertThat(seconds).as("bounded by the quiet limit, not the tool's 90 minutes").isLessThan(60);
            assertThat(app.docker.hasImage(image)).isFalse();
        }
    }
}
