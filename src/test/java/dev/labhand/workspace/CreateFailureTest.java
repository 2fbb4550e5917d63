package dev.labhand.workspace;

import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.EngineCutProxy;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create that fails leaves no half-done state: with the Docker engine unreachable, the record goes, the
 * name and the quota are free again at once, and the message says truthfully that nothing was left.
 */
final class CreateFailureTest {
    @TempDir
    Path dir;

    private TestApp t;

    @BeforeEach
    void start() {
        t = new TestApp(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void should_free_the_name_and_the_quota_when_the_engine_cannot_be_reached() throws IOException {
        try (Wiring engineDown = withoutEngine()) {
            for (String name : new String[] {"cf-first", "cf-second", "cf-first"}) {
                Outcome o = engineDown.gateway.invoke(learner("alice"), "workspace.create",
                        Map.of("template", "busybox-cpu", "name", name), Origin.CONSOLE);

                assertThat(o).isInstanceOf(Outcome.Failed.class);
                assertThat(((Outcome.Failed) o).text()).contains("Could not create workspace '" + name + "'")
                        .contains("cannot be reached").contains("Nothing was left behind");
                assertThat(engineDown.workspaces.byName(name)).as("record of " + name).isEmpty();
            }
            assertThat(engineDown.workspaces.ownedBy("alice")).isEmpty();
        }

        // at once, from a process on the same database whose engine answers: the name and the quota are free
        Outcome first = t.call(learner("alice"), "workspace.create", Map.of("template", "busybox-cpu", "name", "cf-first"));
        Outcome second = t.call(learner("alice"), "workspace.create", Map.of("template", "busybox-cpu", "name", "cf-second"));

        assertThat(first).isInstanceOf(Outcome.Done.class);
        assertThat(second).isInstanceOf(Outcome.Done.class);
        WorkspaceRecord r = t.app.workspaces.byName("cf-first").orElseThrow();
        assertThat(r.status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
        assertThat(DockerPeer.engine().inspect(r.containerId()).orElseThrow().running()).isTrue();
    }

    @Test
    void should_say_so_when_a_container_may_be_left_that_could_not_be_removed() throws IOException {
        Outcome o;
        // the engine goes away right after the container was made, before it is started
        try (EngineCutProxy proxy = new EngineCutProxy(DockerPeer.HOST.substring("unix://".length()), "/start ");
             Wiring dying = withEngine(proxy.dockerHost())) {
            o = dying.gateway.invoke(learner("alice"), "workspace.create",
                    Map.of("template", "busybox-cpu", "name", "cf-half"), Origin.CONSOLE);
            assertThat(proxy.wasCut()).isTrue();
        }

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).contains("Could not create workspace 'cf-half'")
                .contains("may have been made").contains("/workspace remove name:cf-half")
                .doesNotContain("Nothing was left behind");
        WorkspaceRecord r = t.app.workspaces.byName("cf-half").orElseThrow();
        assertThat(r.status()).as("kept, so the container is not lost track of").isEqualTo(WorkspaceRecord.Status.FAILED);
        assertThat(DockerPeer.engine().inspect("lh-cf-half")).isPresent();
        // once the engine answers, remove clears both
        assertThat(t.callConfirmed(learner("alice"), "workspace.remove", Map.of("name", "cf-half")))
                .isInstanceOf(Outcome.Done.class);
        assertThat(DockerPeer.engine().inspect("lh-cf-half")).isEmpty();
        assertThat(t.app.workspaces.byName("cf-half")).isEmpty();
    }

    /** The same installation (same database and configuration), its engine at a socket nobody listens on. */
    private Wiring withoutEngine() throws IOException {
        return withEngine("unix://" + dir.resolve("no-engine.sock"));
    }

    private Wiring withEngine(String dockerHost) throws IOException {
        Path config = Files.writeString(dir.resolve("other-engine.yaml"), Files.readString(t.configFile)
                .replace(DockerPeer.HOST, dockerHost));
        return new Wiring(LabhandConfig.load(config, System::getenv), System::getenv, Clock.systemUTC());
    }
}
