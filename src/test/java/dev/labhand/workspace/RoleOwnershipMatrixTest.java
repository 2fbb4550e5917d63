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
        // a registered SSH host nobody is assigned to; nothing listens on port 9, so it is never reached
        assertThat(t.call(ines, "host.add", host("mx-host"))).isInstanceOf(Outcome.Done.class);
    }

    private static Map<String, String> host(String name) {
        return Map.of("name", name, "address", "127.0.0.1", "port", "9", "host-key", HOST_KEY);
    }

    private static final String HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

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
                new Row("workspace.restart", ws, "done", "denied", "done", "done"),
                new Row("workspace.keep", ws, "done", "denied", "done", "done"),
                new Row("workspace.remove", ws, "confirm", "denied", "confirm", "confirm"),
                new Row("image.list", Map.of(), "done", "done", "done", "done"),
                // ADLS tools are for instructors; this installation names no storage location, so they are invalid
                new Row("storage.acl", Map.of("action", "show", "location", "lake"), "denied", "denied", "invalid", "invalid"),
                new Row("storage.adls-setup", Map.of("location", "lake", "plan", "true"), "denied", "denied", "invalid", "invalid"),
                new Row("image.pull", Map.of("image", DockerPeer.REGISTRY_IMAGE), "denied", "denied", "done", "done"),
                // course images: learners list and inspect; nothing below builds, pushes or removes anything
                new Row("image.courses", Map.of(), "done", "done", "done", "done"),
                new Row("image.history", Map.of("image", DockerPeer.TEST_IMAGE), "done", "done", "done", "done"),
                new Row("image.build", Map.of("name", "no-such-image"), "denied", "denied", "invalid", "invalid"),
                new Row("image.tag", Map.of("image", "labhand-test/no-such:1", "target", "labhand-test/no-such:2"),
                        "denied", "denied", "failed", "failed"),
                new Row("image.push", Map.of("image", DockerPeer.TEST_IMAGE, "registry", "nowhere"), "denied", "denied", "invalid", "invalid"),
                new Row("image.remove", Map.of("image", DockerPeer.TEST_IMAGE), "denied", "denied", "denied", "denied"),
                new Row("image.prune", Map.of("host", "mx-host"), "denied", "denied", "failed", "failed"),
                new Row("audit.list", Map.of(), "denied", "denied", "done", "done"),
                new Row("diag.check", Map.of("workspace", "mx-alice"), "done", "denied", "done", "done"),
                new Row("diag.system-load", Map.of("workspace", "mx-alice"), "done", "denied", "done", "done"),
                new Row("diag.docker-containers", Map.of(), "denied", "denied", "done", "done"),
                new Row("ask.course", Map.of("question", "how do I publish a port"), "done", "done", "done", "done"),
                new Row("ask.course", Map.of("question", "port?", "workspace", "mx-alice"), "done", "denied", "done", "done"),
                new Row("audit.verify", Map.of(), "denied", "denied", "denied", "done"),
                // the instructor's desk: anyone may ask, only instructors list, claim, answer, draft and look members up
                new Row("queue.ask", Map.of("question", "who grades the final project?"), "done", "done", "done", "done"),
                new Row("queue.ask", Map.of("question", "why is it slow?", "workspace", "mx-alice"), "done", "denied", "done", "done"),
                new Row("queue.mine", Map.of(), "done", "done", "done", "done"),
                new Row("queue.list", Map.of(), "denied", "denied", "done", "done"),
                new Row("queue.stats", Map.of(), "denied", "denied", "done", "done"),
                new Row("queue.claim", Map.of("id", "1"), "denied", "denied", "done", "invalid"),
                new Row("desk.draft", Map.of("question", "1"), "denied", "denied", "done", "done"),
                new Row("queue.answer", Map.of("id", "1", "text", "the instructors do"), "denied", "denied", "done", "invalid"),
                new Row("desk.draft", Map.of("member", "alice", "text", "mx-alice does not answer"), "denied", "denied", "done", "done"),
                new Row("desk.member", Map.of("member", "alice"), "denied", "denied", "done", "done"),
                new Row("desk.reply", Map.of("member", "alice", "message", "123"), "denied", "denied", "done", "done"),
                // cloud VMs: none of these rows reaches a cloud (a plan, prices, a host that is not a VM)
                new Row("vm.cost", Map.of("provider", "aws"), "done", "done", "done", "done"),
                new Row("vm.create", Map.of("provider", "aws", "name", "mx-vm", "plan", "true"), "denied", "denied", "done", "done"),
                new Row("vm.create", Map.of("provider", "aws", "name", "mx-vm", "key", HOST_KEY), "denied", "denied", "invalid", "invalid"),
                new Row("vm.list", Map.of(), "denied", "denied", "done", "done"),
                new Row("vm.status", Map.of("name", "mx-host"), "denied", "denied", "failed", "failed"),
                new Row("vm.start", Map.of("name", "mx-host"), "denied", "denied", "confirm", "confirm"),
                new Row("vm.stop", Map.of("name", "mx-host"), "denied", "denied", "failed", "failed"),
                new Row("vm.deallocate", Map.of("name", "mx-host"), "denied", "denied", "failed", "failed"),
                new Row("vm.delete", Map.of("name", "mx-host"), "denied", "denied", "confirm", "confirm"),
                // hosts: learners see and use only what they are assigned
                new Row("host.list", Map.of(), "done", "done", "done", "done"),
                new Row("host.status", Map.of("name", "mx-host"), "denied", "denied", "done", "done"),
                new Row("host.status", Map.of("name", "local"), "done", "done", "done", "done"),
                new Row("host.add", host("mx-new"), "denied", "denied", "done", "invalid"),
                new Row("host.assign", Map.of("name", "mx-new", "member", "alice"), "denied", "denied", "done", "done"),
                new Row("host.status", Map.of("name", "mx-new"), "done", "denied", "done", "done"),
                new Row("workspace.create", Map.of("template", "busybox-cpu", "name", "mx-remote", "host", "mx-host"),
                        "denied", "denied", "failed", "failed"),
                // accounts on hosts: anyone stores their own key; instructors grant, revoke and list; a member
                // connects only to an assigned host (nothing here reaches the host: port 9, no bot key)
                new Row("account.key-set", Map.of("key", HOST_KEY), "done", "done", "done", "done"),
                new Row("account.grant", Map.of("host", "mx-new", "member", "alice"), "denied", "denied", "confirm", "confirm"),
                new Row("account.grant", Map.of("host", "mx-new", "member", "root"), "denied", "denied", "invalid", "invalid"),
                new Row("account.connect", Map.of("host", "mx-new"), "invalid", "denied", "invalid", "invalid"),
                new Row("account.revoke", Map.of("host", "mx-new", "member", "alice"), "denied", "denied", "invalid", "invalid"),
                new Row("account.list", Map.of("host", "mx-new"), "denied", "denied", "failed", "failed"),
                new Row("host.unassign", Map.of("name", "mx-new", "member", "alice"), "denied", "denied", "done", "done"),
                new Row("host.remove", Map.of("name", "mx-new"), "denied", "denied", "confirm", "confirm"),
                // running a class: instructors only, both confirmed (a warm-up starts VMs; the end stops everything)
                new Row("class.prepare", Map.of("at", "2099-01-01T09:00"), "denied", "denied", "invalid", "invalid"),
                new Row("class.end", Map.of(), "denied", "denied", "confirm", "confirm"),
                // budgets: everyone sees their own spending, instructors anyone's; only instructors grant, confirmed
                new Row("budget.show", Map.of(), "done", "done", "done", "done"),
                new Row("budget.show", Map.of("member", "alice"), "done", "denied", "done", "done"),
                new Row("budget.grant", Map.of("member", "alice", "amount", "5"), "denied", "denied", "confirm", "confirm"),
                // storage: this installation names no location (StorageSyncTest covers prefixes against a real S3);
                // a sync into another member's workspace is refused before the location is even looked at
                new Row("storage.list", Map.of("location", "course-data"), "invalid", "invalid", "invalid", "invalid"),
                new Row("storage.sync", Map.of("location", "course-data", "direction", "down", "workspace", "mx-alice"),
                        "invalid", "denied", "invalid", "invalid"));
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
                "workspace.start", "workspace.stop", "workspace.restart", "workspace.remove", "workspace.logs", "workspace.connect",
                "image.list", "image.pull", "image.courses", "image.build", "image.tag", "image.push", "image.history",
                "image.remove", "image.prune", "audit.list", "audit.verify", "diag.check", "ask.course",
                "vm.create", "vm.list", "vm.status", "vm.start", "vm.stop", "vm.deallocate", "vm.delete", "vm.cost",
                "host.list", "host.status", "host.add", "host.assign", "host.unassign", "host.remove",
                "queue.ask", "queue.mine", "queue.list", "queue.claim", "queue.answer", "queue.stats",
                "desk.draft", "desk.member", "desk.reply", "workspace.keep", "class.prepare", "class.end",
                "budget.show", "budget.grant",
                "account.key-set", "account.key-generate", "account.grant", "account.connect", "account.revoke",
                "account.list", "storage.list", "storage.sync", "storage.acl", "storage.adls-setup");
    }

    @Test
    void should_refuse_a_learner_pulling_images_even_for_a_template_image() {
        Outcome o = t.call(alice, "image.pull", Map.of("image", DockerPeer.REGISTRY_IMAGE));

        assertThat(o).isInstanceOf(Outcome.Denied.class);
        assertThat(((Outcome.Denied) o).text()).contains("instructor");
    }
}
