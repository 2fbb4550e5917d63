package dev.labhand.ops.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class warm-up and end on the real Docker engine and the loopback registry: a warm-up scheduled by one bot
 * process runs in the next one on the same database (a restart in between), pulls through the gateway and
 * sends the instructor the readiness table; class.end stops every workspace after a confirmation.
 */
final class ClassWarmUpTest {
    private static final Caller INSTRUCTOR = TestApp.instructor("mn-teacher");
    private static final Caller LEARNER = TestApp.learner("mn-pupil");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T07:00:00Z"));
    private TestApp t;

    @AfterEach
    void removeWhatThisTestMade() {
        if (t != null) t.close();
    }

    @Test
    void should_run_a_warm_up_scheduled_before_a_restart_and_dm_the_readiness_table() {
        DockerPeer.requireRegistry();
        DockerPeer.removeImage(DockerPeer.REGISTRY_IMAGE);
        // first lifetime: the instructor schedules it (a confirmed call: it will start VMs and pull gigabytes)
        t = new TestApp(dir, "", "", clock);
        Outcome scheduled = t.callConfirmed(INSTRUCTOR, "class.prepare",
                Map.of("at", "2026-03-02T17:30+09:00", "images", DockerPeer.REGISTRY_IMAGE));
        assertThat(scheduled).as("%s", scheduled).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) scheduled).text()).contains("#1").contains("2026-03-02T08:30:00Z").contains("local");
        assertThat(t.app.classWarmUp.tick()).isZero(); // not due yet
        t.app.close();
        t = null;

        // second lifetime on the same database, after the time has come
        clock.advance(Duration.ofMinutes(95));
        t = new TestApp(dir, "", "", clock);
        List<String> notices = new CopyOnWriteArrayList<>();
        t.app.notices.deliverWith((member, text) -> notices.add(member + ": " + text));
        assertThat(t.app.classWarmUp.tick()).isEqualTo(1);

        assertThat(t.app.docker.hasImage(DockerPeer.REGISTRY_IMAGE)).isTrue();
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).startsWith("mn-teacher: Class warm-up #1 has run:")
                .contains("host | state | images present | GPU runtime | free disk")
                .containsPattern("`local` \\| local \\| 1/1 \\| (none|nvidia) \\| [0-9.]+ GB");
        AuditRow pull = t.app.audit.list("labhand", "image.pull", 1).get(0);
        assertThat(pull.origin()).isEqualToIgnoringCase("system");
        assertThat(pull.outcome()).isEqualTo("done");
        // run once only
        assertThat(t.app.classWarmUp.tick()).isZero();
        assertThat(new ClassWarmups(t.app.db).byId(1).orElseThrow().state()).isEqualTo("done");
    }

    @Test
    void should_refuse_a_time_in_the_past_an_unknown_host_and_a_learner() {
        t = new TestApp(dir, "", "", clock);
        Outcome past = t.call(INSTRUCTOR, "class.prepare", Map.of("at", "2026-03-01T09:00"));
        assertThat(past).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) past).text()).contains("'2026-03-01T09:00' is not a time within the next 30 days");
        Outcome host = t.call(INSTRUCTOR, "class.prepare", Map.of("at", "2026-03-02T09:00", "hosts", "local,nowhere"));
        assertThat(((Outcome.Invalid) host).text()).contains("There is no host 'nowhere'");
        assertThat(t.call(LEARNER, "class.prepare", Map.of("at", "2026-03-02T09:00"))).isInstanceOf(Outcome.Denied.class);
        assertThat(t.call(LEARNER, "class.end", Map.of())).isInstanceOf(Outcome.Denied.class);
        assertThat(new ClassWarmups(t.app.db).scheduled()).isEmpty();
    }

    @Test
    void should_stop_every_running_workspace_when_the_class_ends_after_a_confirmation() {
        t = new TestApp(dir, "", "", clock);
        assertThat(t.call(LEARNER, "workspace.create", Map.of("template", "busybox-cpu", "name", "mn-lesson")))
                .isInstanceOf(Outcome.Done.class);
        String container = t.app.workspaces.byName("mn-lesson").orElseThrow().containerId();
        assertThat(t.call(INSTRUCTOR, "class.end", Map.of())).isInstanceOf(Outcome.NeedsConfirmation.class);
        assertThat(t.app.docker.inspect(container).orElseThrow().running()).isTrue(); // nothing before the confirmation

        Outcome ended = t.callConfirmed(INSTRUCTOR, "class.end", Map.of());
        assertThat(((Outcome.Done) ended).text()).contains("Class ended: 1 workspaces stopped (files kept), 0 VMs deallocated");
        assertThat(t.app.docker.inspect(container).orElseThrow().running()).isFalse();
        assertThat(t.app.audit.list("mn-teacher", "workspace.stop", 1).get(0).outcome()).isEqualTo("done");
    }
}
