package dev.labhand.workspace;

import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store keeps and what an old confirmation may still do, with the real store and engine: a
 * confirmation is bound to the workspace it was issued for, not to its name, and a workspace's secret is
 * never in the database in plain text.
 */
final class WorkspaceTrustTest {
    @TempDir
    Path dir;

    private TestApp t;
    private final Caller alice = learner("alice");
    private final Caller ines = instructor("ines");

    @BeforeEach
    void start() {
        t = new TestApp(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void should_not_let_a_stale_code_remove_a_workspace_made_again_under_the_same_name() {
        assertThat(t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wt-same")))
                .isInstanceOf(Outcome.Done.class);
        String staleCode = ((Outcome.NeedsConfirmation) t.call(ines, "workspace.remove", Map.of("name", "wt-same"))).code();
        // meanwhile its owner removes it and makes a new one with the same name
        assertThat(t.callConfirmed(alice, "workspace.remove", Map.of("name", "wt-same"))).isInstanceOf(Outcome.Done.class);
        assertThat(t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wt-same")))
                .isInstanceOf(Outcome.Done.class);
        String newId = t.app.workspaces.byName("wt-same").orElseThrow().id();

        Outcome late = t.app.gateway.confirm(ines, staleCode, Origin.CONSOLE, Progress.NONE);

        assertThat(late).isInstanceOf(Outcome.Denied.class);
        assertThat(((Outcome.Denied) late).text()).contains("removed and made again");
        assertThat(t.app.workspaces.byName("wt-same")).get().extracting(WorkspaceRecord::id).isEqualTo(newId);
        assertThat(t.app.docker.inspect("lh-wt-same")).get().extracting(DockerEngine.ContainerState::running)
                .isEqualTo(true);
    }

    @Test
    void should_keep_workspace_secrets_encrypted_in_the_database_and_give_them_to_the_owner() {
        t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "wt-secret"));
        String token = t.app.workspaces.byName("wt-secret").orElseThrow().secret();

        String stored;
        try (Database db = Database.open(dir.resolve("labhand.db"))) {
            stored = db.read(c -> Sql.one(c, "SELECT secret FROM workspaces WHERE name = 'wt-secret'",
                    rs -> rs.getString(1))).orElseThrow();
            // without the key (a copy of the database alone) the secret stays sealed
            assertThat(new WorkspaceRepository(db, Clock.systemUTC()).byName("wt-secret").orElseThrow().secret())
                    .isNull();
        }
        Outcome connect = t.call(alice, "workspace.connect", Map.of("name", "wt-secret"));

        assertThat(token).hasSize(48);
        assertThat(stored).startsWith("v1:").doesNotContain(token);
        assertThat(((Outcome.Done) connect).text()).contains(token);
        assertThat(t.app.docker.inspect("lh-wt-secret")).isPresent();
    }
}
