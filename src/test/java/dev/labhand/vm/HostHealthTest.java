package dev.labhand.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.support.MutableClock;
import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote host that stops answering (its sshd container frozen with docker pause): a probe finds it,
 * calls to it then fail at once naming since when and why instead of waiting out a tool timeout,
 * {@code /host list} shows it, and once it answers again everything works without a restart.
 */
class HostHealthTest {
    private SshdPeer sshd;
    private TestApp t;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T14:02:00Z"));
    private final Caller teacher = TestApp.instructor("teacher");

    @BeforeEach
    void start(@TempDir Path dir) {
        sshd = SshdPeer.start();
        t = new TestApp(dir, "", "vm:\n  sshKey: " + sshd.privateKey() + "\n", clock);
        Outcome added = t.call(teacher, "host.add", Map.of("name", "lab1", "address", "127.0.0.1",
                "port", String.valueOf(sshd.port()), "user", SshdPeer.USER, "host-key", sshd.hostKey().line()));
        assertThat(added).as(added.toString()).isInstanceOf(Outcome.Done.class);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            sshd.unpause();
        } catch (AssertionError notPaused) {
            // it was not paused
        }
        t.close();
        sshd.close();
    }

    @Test
    void should_fail_fast_on_a_host_a_probe_found_down_and_recover_when_it_answers() {
        assertThat(t.app.remoteHosts.probe("lab1")).contains(true);

        sshd.pause();
        long probeStart = System.nanoTime();
        assertThat(t.app.remoteHosts.probe("lab1")).contains(false);
        long probeMillis = (System.nanoTime() - probeStart) / 1_000_000;

        long callStart = System.nanoTime();
        Outcome create = t.call(teacher, "workspace.create", Map.of("template", "busybox-cpu", "name", "hh-down",
                "host", "lab1"));
        long callMillis = (System.nanoTime() - callStart) / 1_000_000;
        String list = ((Outcome.Done) t.call(teacher, "host.list", Map.of())).text();

        assertThat(probeMillis).as("a probe is bounded").isLessThan(20_000);
        assertThat(create).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) create).text()).contains("Host 'lab1' has not answered since 2026-11-28 14:02 UTC")
                .contains("did not answer in time").doesNotContain("Something went wrong");
        assertThat(callMillis).as("the call fails at once").isLessThan(3_000);
        assertThat(t.app.workspaces.byName("hh-down")).isEmpty();
        assertThat(list).contains("lab1").contains("⚠ Host 'lab1' has not answered since");

        // it answers again: the next probe says so, and the host is used as before, no restart needed
        sshd.unpause();
        clock.advance(Duration.ofSeconds(30));
        assertThat(t.app.remoteHosts.probe("lab1")).contains(true);
        Outcome again = t.call(teacher, "workspace.create", Map.of("template", "busybox-cpu", "name", "hh-back",
                "host", "lab1"));
        assertThat(again).as(again.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) t.call(teacher, "host.list", Map.of())).text()).doesNotContain("⚠");
    }

    @Test
    void should_explain_a_down_host_in_the_asker_s_language_when_a_checkup_cannot_reach_it() {
        assertThat(t.call(teacher, "workspace.create", Map.of("template", "busybox-cpu", "name", "hh-ko",
                "host", "lab1"))).isInstanceOf(Outcome.Done.class);
        sshd.pause();
        assertThat(t.app.remoteHosts.probe("lab1")).contains(false);

        Caller korean = new Caller("teacher", "teacher", dev.labhand.tool.Role.INSTRUCTOR, Caller.Lang.KO, "test");
        Outcome checkup = t.call(korean, "diag.check", Map.of("workspace", "hh-ko"));

        assertThat(checkup).as(checkup.toString()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) checkup).text()).contains("호스트 'lab1'가").contains("응답하지 않습니다")
                .doesNotContain("has not answered");
    }

    @Test
    void should_keep_a_confirmation_code_usable_when_the_host_was_down_at_confirm_time() {
        assertThat(t.call(teacher, "workspace.create", Map.of("template", "busybox-cpu", "name", "hh-keep",
                "host", "lab1"))).isInstanceOf(Outcome.Done.class);
        String code = ((Outcome.NeedsConfirmation) t.call(teacher, "workspace.remove", Map.of("name", "hh-keep"))).code();
        sshd.pause();
        assertThat(t.app.remoteHosts.probe("lab1")).contains(false);

        Outcome whileDown = t.app.gateway.confirm(teacher, code, dev.labhand.tool.Origin.CONSOLE,
                dev.labhand.tool.Progress.NONE);
        sshd.unpause();
        clock.advance(Duration.ofSeconds(30));
        assertThat(t.app.remoteHosts.probe("lab1")).contains(true);
        Outcome afterwards = t.app.gateway.confirm(teacher, code, dev.labhand.tool.Origin.CONSOLE,
                dev.labhand.tool.Progress.NONE);

        assertThat(((Outcome.Failed) whileDown).text()).contains("has not answered since")
                .contains("code " + code + " still works");
        assertThat(afterwards).as(afterwards.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(t.app.workspaces.byName("hh-keep")).isEmpty();
    }

    @Test
    void should_try_a_host_again_once_its_failed_check_is_old() {
        sshd.pause();
        assertThat(t.app.remoteHosts.probe("lab1")).contains(false);
        sshd.unpause();
        clock.advance(RemoteHosts.FAIL_FAST_FOR.plusSeconds(1));

        Outcome status = t.call(teacher, "host.status", Map.of("name", "lab1"));

        assertThat(((Outcome.Done) status).text()).contains("Docker");
        assertThat(t.app.remoteHosts.trouble("lab1", Caller.Lang.EN)).isEmpty();
    }
}
