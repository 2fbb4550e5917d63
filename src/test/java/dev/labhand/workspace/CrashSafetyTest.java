package dev.labhand.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.Database;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.LabhandProcess;
import dev.labhand.support.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console process is killed (SIGKILL) in the middle of {@code workspace.create}; after a restart
 * every labelled container is known to the store. The kill lands at different points: right after the
 * record is written, and as soon as the container exists in the engine.
 */
final class CrashSafetyTest {
    @TempDir
    Path dir;

    private Path config;
    /** The containers this test's workspaces get: only these are removed afterwards. */
    private final java.util.List<String> used = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        DockerPeer.engine();
        config = TestApp.writeConfig(dir, "");
    }

    @AfterEach
    void cleanUp() {
        DockerPeer.removeContainersNamed(DockerPeer.engine(), used);
    }

    @Test
    void should_leave_no_unknown_container_after_a_kill_once_the_record_is_written() throws Exception {
        for (int round = 0; round < 3; round++) {
            String name = "crash-rec-" + round;
            Process p = startCreate(name);
            waitForLine(p, "creating container lh-" + name);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertEveryContainerKnownAfterRestart();
        }
    }

    @Test
    void should_leave_no_unknown_container_after_a_kill_once_the_container_exists() throws Exception {
        for (int round = 0; round < 3; round++) {
            String name = "crash-ctr-" + round;
            Process p = startCreate(name);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (DockerPeer.engine().inspect("lh-" + name).isEmpty() && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(2);
            }
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(DockerPeer.engine().inspect("lh-" + name)).as("container of " + name).isPresent();
            assertEveryContainerKnownAfterRestart();
        }
    }

    private Process startCreate(String name) throws Exception {
        used.add("lh-" + name);
        Process p = LabhandProcess.builder(dir, "console", "--as", "alice", "--role", "admin", "--lang", "en",
                "--config", config.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // keep stdin open: the console must still be working when it is killed
        p.getOutputStream().write(("/workspace create template:busybox-cpu name:" + name + "\n")
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        return p;
    }

    private static void waitForLine(Process p, String expected) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains(expected)) return;
        }
        throw new AssertionError("console ended before printing: " + expected);
    }

    /** Restart (a console with no input reconciles at start-up), then compare engine and store. */
    private void assertEveryContainerKnownAfterRestart() {
        var restart = LabhandProcess.run(dir, "", "console", "--as", "alice", "--config", config.toString());
        assertThat(restart.exitCode()).isZero();
        Set<String> known;
        try (Database db = Database.open(dir.resolve("labhand.db"))) {
            known = new WorkspaceRepository(db, Clock.systemUTC()).all().stream().map(WorkspaceRecord::id)
                    .collect(Collectors.toSet());
        }
        for (DockerEngine.ContainerState c : DockerPeer.engine().listLabelled(DockerPeer.TEST_LABEL).stream()
                .filter(c -> used.contains(c.name())).toList()) {
            assertThat(known).as("store knows container " + c.name()).contains(c.labels().get(Labels.WORKSPACE));
        }
    }
}
