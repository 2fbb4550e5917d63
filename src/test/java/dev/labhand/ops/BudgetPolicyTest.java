package dev.labhand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.HostRecord;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets through the real gateway: a learner over budget is refused a GPU workspace with the figures, whatever
 * the call's origin; a CPU workspace is not refused; an instructor's confirmed grant lifts it; instructors are
 * told at 50, 80 and 100 %, once each.
 */
final class BudgetPolicyTest {
    private static final String BUDGETS = """
            budgets:
              classUsd: 100
              memberUsd: 1
              members:
                bob: 3
            """;

    @TempDir
    Path dir;
    /** Container names are shared by everyone on the engine: each run's are its own. */
    private final String run = Long.toString(System.nanoTime() % 1_000_000, 36);

    private String n(String name) {
        return "ob-" + name + "-" + run;
    }

    @Test
    void should_refuse_a_gpu_workspace_over_budget_on_every_path_until_an_instructor_grants_more() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (TestApp t = new TestApp(dir, "", BUDGETS, clock)) {
            Caller alice = TestApp.learner("alice");
            // alice's own VM, on demand: 0.526 $/h; two hours = $1.052, over her $1
            vmUsedBy(t, clock, "alice", Duration.ofHours(2));

            for (Origin origin : List.of(Origin.CONSOLE, Origin.SLASH, Origin.ROUTER, Origin.LLM, Origin.BUTTON)) {
                Outcome o = t.app.gateway.invoke(alice, "workspace.create", Map.of("template", "busybox-gpu", "name", n("g1")),
                        origin);
                assertThat(o).as(origin.name()).isInstanceOf(Outcome.Denied.class);
                assertThat(((Outcome.Denied) o).text()).as(origin.name())
                        .contains("Over budget", "workspace.create", "$1.05", "$1.00");
            }
            // the refusal is in the audit log like any other
            assertThat(t.app.audit.list("alice", "workspace.create", 20)).anyMatch(r -> r.outcome().equals("denied"));

            // a CPU workspace does not start anything billed by the hour: not refused
            Outcome cpu = t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", n("c1")));
            assertThat(cpu).isInstanceOf(Outcome.Done.class);

            // the grant asks for a confirmation, and a learner may not grant
            Outcome self = t.call(alice, "budget.grant", Map.of("member", "alice", "amount", "5"));
            assertThat(self).isInstanceOf(Outcome.Denied.class);
            Caller inst = TestApp.instructor("inst");
            Outcome ask = t.call(inst, "budget.grant", Map.of("member", "alice", "amount", "5"));
            assertThat(ask).isInstanceOf(Outcome.NeedsConfirmation.class);
            Outcome granted = t.app.gateway.confirm(inst, ((Outcome.NeedsConfirmation) ask).code(), Origin.CONSOLE,
                    Progress.NONE);
            assertThat(granted).isInstanceOf(Outcome.Done.class);
            assertThat(((Outcome.Done) granted).text()).contains("$5.00", "$6.00", "$1.05");

            // lifted: the budget no longer refuses (the engine has no NVIDIA runtime, so the start itself may fail)
            Outcome after = t.call(alice, "workspace.create", Map.of("template", "busybox-gpu", "name", n("g2")));
            assertThat(after.kind()).isNotEqualTo("denied");
            if (after instanceof Outcome.Failed f) assertThat(f.text()).doesNotContain("budget");
        }
    }

    @Test
    void should_refuse_when_the_class_is_over_its_budget_but_never_refuse_instructors() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (TestApp t = new TestApp(dir, "", """
                budgets:
                  classUsd: 1
                """, clock)) {
            vmUsedBy(t, clock, "inst", Duration.ofHours(2)); // the instructor's VM spent the class's $1
            Outcome learner = t.call(TestApp.learner("erin"), "workspace.create",
                    Map.of("template", "busybox-gpu", "name", n("g3")));
            assertThat(learner).isInstanceOf(Outcome.Denied.class);
            assertThat(((Outcome.Denied) learner).text()).contains("class is over its budget", "$1.05", "$1.00");
            Outcome instructor = t.call(TestApp.instructor("inst"), "workspace.create",
                    Map.of("template", "busybox-gpu", "name", n("g4")));
            assertThat(instructor.kind()).isNotEqualTo("denied");
        }
    }

    @Test
    void should_alert_the_instructors_at_50_80_and_100_percent_once_each() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (TestApp t = new TestApp(dir, "", BUDGETS, clock)) {
            List<String> notices = new CopyOnWriteArrayList<>();
            t.app.notices.deliverWith((member, text) -> notices.add(member + ": " + text));
            t.app.members.seen(TestApp.instructor("inst"));
            t.app.members.seen(TestApp.learner("bob"));
            // bob's spot VM: 0.158 $/h against his $3 → 50% at 9.49 h, 80% at 15.19 h, 100% at 18.99 h
            t.app.hosts.insert(vmRecord("bobvm", "bob", true, clock));
            t.app.operations.accrue();
            clock.advance(Duration.ofHours(9));
            t.app.operations.accrue();
            assertThat(notices).isEmpty(); // $1.422 = 47%
            clock.advance(Duration.ofHours(1));
            t.app.operations.accrue(); // $1.58 = 52%
            clock.advance(Duration.ofMinutes(30));
            t.app.operations.accrue(); // still 55%: told once only
            assertThat(notices).containsExactly("inst: 💸 Member bob has used 50% of their budget: $1.58 of $3.00. "
                    + "See /budget show member:bob; raise it with /budget grant.");
            clock.advance(Duration.ofHours(9)); // 19.5 h: $3.081, past 80 and 100 in one tick
            t.app.operations.accrue();
            clock.advance(Duration.ofHours(1));
            t.app.operations.accrue();
            assertThat(notices).hasSize(3);
            assertThat(notices.get(1)).contains("80%", "$3.08 of $3.00");
            assertThat(notices.get(2)).contains("100%", "$3.08 of $3.00");
            assertThat(notices).allMatch(n -> n.startsWith("inst: "));
        }
    }

    private static void vmUsedBy(TestApp t, MutableClock clock, String owner, Duration d) {
        t.app.hosts.insert(vmRecord(owner + "vm", owner, false, clock));
        t.app.operations.accrue();
        clock.advance(d);
        t.app.operations.accrue();
        t.app.hosts.setState(owner + "vm", "deallocated", null);
    }

    static HostRecord vmRecord(String name, String owner, boolean spot, MutableClock clock) {
        return new HostRecord(name, "azure", owner, "koreacentral", "Standard_NC4as_T4_v3", spot, Map.of(), "127.0.0.1",
                22, "labhand", null, "running", null, null, null, clock.instant(), clock.instant());
    }

    static void running(TestApp t, String name, String owner, String host, MutableClock clock) {
        t.app.workspaces.insert(new WorkspaceRecord(name + "-id", name, owner, "busybox-gpu", host, null,
                WorkspaceRecord.Status.RUNNING, Map.of(), null, clock.instant(), clock.instant()));
    }
}
