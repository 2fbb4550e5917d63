package dev.labhand.workspace;

import static dev.labhand.support.TestApp.admin;
import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Tool;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tool × every kind of caller, on a workspace owned by alice: the owner, another learner, an
 * instructor and an admin. Each cell says what the gateway must answer; every call is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class RoleOwnershipMatrixTest {
    private TestApp t;
    private final Caller alice = learner("alice");
    private final Caller bob = learner("bob");
    private final Caller ines = instructor("ines");
    private final Caller root = admin("root");

    @BeforeAll
    void start(@TempDir Path dir) {
        t = new TestApp(dir);
        DockerPeer.requireRegistry();
        assertThat(t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "mx-alice")))
                .isInstanceOf(Outcome.Done.class);
    }

    @AfterAll
    void stop() {
        t.close();
    }

    /** Expected outcome kind per caller: owner, other learner, instructor, admin. */
    private record Row(String tool, Map<String, String> args, String owner, String other, String instructor, String admin) {}

    @Test
    void should_enforce_roles_and_ownership_on_every_tool() {
        Map<String, String> ws = Map.of("name", "mx-alice");
        List<Row> rows = List.of(
                new Row("workspace.list", Map.of(), "done", "done", "done", "done"),
                new Row("workspace.list", Map.of("owner", "alice"), "done", "denied", "done", "done"),
                new Row("workspace.status", ws, "done", "denied", "done", "done"),
                new Row("workspace.logs", ws, "done", "denied", "done", "done"),
                new Row("workspace.connect", ws, "done", "denied", "denied", "denied"),
                new Row("workspace.stop", ws, "done", "denied", "done", "done"),
                new Row("workspace.start", ws, "done", "denied", "done", "done"),
                new Row("workspace.remove", ws, "confirm", "denied", "confirm", "confirm"),
                new Row("image.list", Map.of(), "done", "done", "done", "done"),
                new Row("image.pull", Map.of("image", DockerPeer.REGISTRY_IMAGE), "denied", "denied", "done", "done"),
                new Row("audit.list", Map.of(), "denied", "denied", "done", "done"),
                new Row("diag.check", Map.of("workspace", "mx-alice"), "done", "denied", "done", "done"),
                new Row("diag.system-load", Map.of("workspace", "mx-alice"), "done", "denied", "done", "done"),
                new Row("diag.docker-containers", Map.of(), "denied", "denied", "done", "done"),
                new Row("ask.course", Map.of("question", "how do I publish a port"), "done", "done", "done", "done"),
                new Row("ask.course", Map.of("question", "port?", "workspace", "mx-alice"), "done", "denied", "done", "done"),
                new Row("audit.verify", Map.of(), "denied", "denied", "denied", "done"));
        Map<String, Caller> callers = new LinkedHashMap<>();
        callers.put("owner", alice);
        callers.put("other", bob);
        callers.put("instructor", ines);
        callers.put("admin", root);

        int calls = 0;
        for (Row row : rows) {
            List<String> expected = List.of(row.owner(), row.other(), row.instructor(), row.admin());
            int i = 0;
            for (Map.Entry<String, Caller> c : callers.entrySet()) {
                Outcome o = t.call(c.getValue(), row.tool(), row.args());
                String want = expected.get(i++);
                String cell = row.tool() + " " + row.args() + " by " + c.getKey();
                assertThat(o.kind()).as(cell).isEqualTo(want);
                AuditRow last = t.app.audit.list(null, null, 1).get(0);
                assertThat(last.callerId()).as(cell).isEqualTo(c.getValue().id());
                assertThat(last.tool()).as(cell).isEqualTo(row.tool());
                assertThat(last.outcome()).as(cell).isEqualTo(o.kind());
                calls++;
            }
        }
        assertThat(calls).isEqualTo(rows.size() * 4);
        // the learner-facing list hides other members' workspaces
        assertThat(((Outcome.Done) t.call(bob, "workspace.list", Map.of())).text()).doesNotContain("mx-alice");
        assertThat(((Outcome.Done) t.call(ines, "workspace.list", Map.of())).text()).contains("mx-alice");
        // nothing bob tried reached the container
        assertThat(t.app.workspaces.byName("mx-alice")).isPresent();
        assertThat(t.app.audit.verify().ok()).isTrue();
    }

    @Test
    void should_cover_every_registered_tool() {
        // declared diagnostics share one class and one ownership rule, covered above by diag.system-load
        // (in a workspace) and diag.docker-containers (on the host)
        List<String> names = t.app.gateway.catalog().all().stream().map(Tool::spec).map(s -> s.name())
                .filter(n -> !(n.startsWith("diag.") && !n.equals("diag.check"))).toList();
        assertThat(names).containsExactlyInAnyOrder("workspace.create", "workspace.list", "workspace.status",
                "workspace.start", "workspace.stop", "workspace.remove", "workspace.logs", "workspace.connect",
                "image.list", "image.pull", "audit.list", "audit.verify", "diag.check", "ask.course");
    }

    @Test
    void should_refuse_a_learner_pulling_images_even_for_a_template_image() {
        Outcome o = t.call(alice, "image.pull", Map.of("image", DockerPeer.REGISTRY_IMAGE));

        assertThat(o).isInstanceOf(Outcome.Denied.class);
        assertThat(((Outcome.Denied) o).text()).contains("instructor");
    }
}
