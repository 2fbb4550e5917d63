package dev.labhand.workspace;

import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.chat.Reply;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workspace.restart} against the real Docker engine: stop then start, each its own gateway call and audit
 * row, one reply. {@link TestApp#close()} removes the containers this test made (its installation's), no others.
 */
final class WorkspaceRestartTest {
    @TempDir
    Path dir;

    private TestApp t;
    private final Caller alice = learner("alice");
    private final Caller bob = learner("bob");

    @BeforeEach
    void start() {
        t = new TestApp(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void should_stop_then_start_the_container_with_one_audited_call_each_and_one_reply() throws Exception {
        create("wr-demo");
        String id = t.app.workspaces.byName("wr-demo").orElseThrow().containerId();
        assertThat(starts(id, 1)).isEqualTo(1);

        Outcome o = t.call(alice, "workspace.restart", Map.of("name", "wr-demo"));

        Outcome.Done done = (Outcome.Done) o;
        assertThat(done.text()).isEqualTo("Workspace 'wr-demo' restarted: stopped, then started again. Your files are kept.");
        assertThat(done.command()).isEqualTo("docker restart lh-wr-demo");
        WorkspaceRecord r = t.app.workspaces.byName("wr-demo").orElseThrow();
        assertThat(r.status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
        assertThat(r.containerId()).as("the same container, restarted, not a new one").isEqualTo(id);
        assertThat(t.app.docker.inspect(id).orElseThrow().running()).isTrue();
        // the container's command ran twice: once at create, once at the restart's start
        assertThat(starts(id, 2)).isEqualTo(2);

        List<AuditRow> outcomes = outcomes();
        assertThat(outcomes).extracting(AuditRow::tool)
                .containsExactly("workspace.restart", "workspace.start", "workspace.stop", "workspace.create");
        assertThat(outcomes).allSatisfy(row -> {
            assertThat(row.outcome()).isEqualTo("done");
            assertThat(row.callerId()).isEqualTo("alice");
        });
        // write-ahead: each of the three calls also has its started row
        assertThat(t.app.audit.list(null, null, 100)).filteredOn(row -> row.outcome().equals(AuditRow.STARTED))
                .extracting(AuditRow::tool)
                .containsExactly("workspace.start", "workspace.stop", "workspace.restart", "workspace.create");
    }

    @Test
    void should_start_a_stopped_workspace() {
        create("wr-stopped");
        assertThat(t.call(alice, "workspace.stop", Map.of("name", "wr-stopped"))).isInstanceOf(Outcome.Done.class);

        Outcome o = t.call(alice, "workspace.restart", Map.of("name", "wr-stopped"));

        assertThat(o).isInstanceOf(Outcome.Done.class);
        WorkspaceRecord r = t.app.workspaces.byName("wr-stopped").orElseThrow();
        assertThat(r.status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
        assertThat(t.app.docker.inspect(r.containerId()).orElseThrow().running()).isTrue();
    }

    @Test
    void should_refuse_another_learners_workspace_and_touch_nothing_but_let_an_instructor_restart_it() {
        create("wr-owned");
        String id = t.app.workspaces.byName("wr-owned").orElseThrow().containerId();

        Outcome refused = t.call(bob, "workspace.restart", Map.of("name", "wr-owned"));

        assertThat(refused).isInstanceOf(Outcome.Denied.class);
        assertThat(outcomes()).extracting(AuditRow::tool).containsExactly("workspace.restart", "workspace.create");
        assertThat(outcomes().get(0).outcome()).isEqualTo("denied");
        assertThat(t.app.docker.inspect(id).orElseThrow().running()).isTrue();

        Outcome byInstructor = t.call(instructor("ines"), "workspace.restart", Map.of("name", "wr-owned"));

        assertThat(byInstructor).isInstanceOf(Outcome.Done.class);
        assertThat(outcomes()).extracting(AuditRow::callerId).startsWith("ines", "ines", "ines");
    }

    @Test
    void should_be_a_slash_command_in_both_languages_without_any_front_end_change() {
        create("wr-slash");

        Reply reply = t.app.chat.handle(alice, "/workspace restart name:wr-slash", Origin.SLASH, Progress.NONE);

        assertThat(reply.kind()).isEqualTo("done");
        assertThat(reply.text()).contains("restarted");
        assertThat(t.app.chat.help(alice)).contains("/workspace restart");
        Caller minji = new Caller("minji", "민지", dev.labhand.tool.Role.LEARNER, Caller.Lang.KO, "c");
        assertThat(t.app.chat.help(minji)).contains("작업공간을 다시 시작합니다");
    }

    private void create(String name) {
        assertThat(t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", name)))
                .isInstanceOf(Outcome.Done.class);
    }

    /** One row per call, newest first (started rows left out). */
    private List<AuditRow> outcomes() {
        return t.app.audit.list(null, null, 100).stream().filter(r -> !r.outcome().equals(AuditRow.STARTED)).toList();
    }

    /** How often the container's command has started, waiting up to 5 s for it to reach {@code expected}. */
    private int starts(String id, int expected) throws InterruptedException {
        int n = 0;
        for (int i = 0; i < 50 && n < expected; i++) {
            if (i > 0) Thread.sleep(100);
            n = t.app.docker.logs(id, 100, 65536).split("workspace up", -1).length - 1;
        }
        return n;
    }
}
