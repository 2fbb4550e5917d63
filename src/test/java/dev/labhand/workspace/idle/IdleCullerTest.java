package dev.labhand.workspace.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.audit.AuditRow;
import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import dev.labhand.workspace.WorkspaceTemplate;
import dev.labhand.workspace.WorkspaceTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle culler on the real Docker engine with a clock the test moves: an unused workspace is warned, then
 * stopped through the gateway with its files kept; the IDE's own activity (a Jupyter-like /api/status inside the
 * container) and a busy CPU keep a workspace running; [Keep 1 h] holds it; one pass looks inside only candidates.
 */
final class IdleCullerTest {
    private static final Caller OWNER = TestApp.learner("mn-idler");
    private static final Caller OTHER = TestApp.learner("mn-stranger");

    @TempDir
    Path dir;

    private IdleTestBed bed;

    @AfterEach
    void removeWhatThisTestMade() {
        if (bed != null) bed.close();
    }

    @Test
    void should_warn_then_stop_an_unused_workspace_through_the_gateway_and_keep_its_files() throws Exception {
        bed = new IdleTestBed(dir);
        WorkspaceRecord r = bed.create(OWNER, IdleTestBed.JUPYTER, "mn-quiet");
        Path notes = Files.createDirectories(bed.app.workspaceService.memberDir(r).resolve("work")).resolve("notes.ipynb");
        Files.writeString(notes, "{\"cells\": []}");

        // first sight: the count starts, nothing is looked inside (one list of the engine's containers)
        IdleCuller.Pass first = bed.pass(Duration.ZERO);
        assertThat(first.watched()).isEqualTo(1);
        assertThat(first.probed()).isZero();
        assertThat(first.engineCalls()).isEqualTo(1);
        // before the warning point (30 - 10 min) it is not even looked at
        assertThat(bed.pass(Duration.ofMinutes(19)).probed()).isZero();
        assertThat(bed.notices).isEmpty();

        // past it: Jupyter says its last activity was long ago, the CPU is quiet: the owner is warned with two actions
        IdleCuller.Pass warned = bed.pass(Duration.ofMinutes(2));
        assertThat(warned.probed()).isEqualTo(1);
        assertThat(warned.warned()).isEqualTo(1);
        assertThat(bed.notices).hasSize(1);
        assertThat(bed.notices.get(0)).startsWith("mn-idler: Workspace 'mn-quiet' has not been used for 21 min")
                .contains("stopped in about 10 min").contains("your files are kept")
                .contains("Keep 1 h: /workspace keep name:mn-quiet").contains("Stop now: /workspace stop name:mn-quiet");

        // within the warning's time it keeps running, and the owner is not warned twice
        IdleCuller.Pass waiting = bed.pass(Duration.ofMinutes(5));
        assertThat(waiting.warned()).isZero();
        assertThat(waiting.stopped()).isZero();
        assertThat(bed.running(r)).isTrue();

        // once both the idle time and the warning have passed: stopped through the gateway, files kept
        IdleCuller.Pass stopped = bed.pass(Duration.ofMinutes(5));
        assertThat(stopped.stopped()).isEqualTo(1);
        assertThat(bed.running(r)).isFalse();
        assertThat(bed.app.workspaces.byName("mn-quiet").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.STOPPED);
        assertThat(Files.readString(notes)).isEqualTo("{\"cells\": []}");
        assertThat(bed.notices.get(1)).contains("'mn-quiet' was unused for 31 min and was stopped")
                .contains("/workspace start name:mn-quiet");
        List<AuditRow> audit = bed.app.audit.list("labhand", "workspace.stop", 5);
        assertThat(audit).isNotEmpty();
        assertThat(audit.get(0).origin()).isEqualToIgnoringCase("system");
        assertThat(audit.get(0).outcome()).isEqualTo("done");
        // a stopped workspace is no longer watched: the next pass makes no engine call at all
        assertThat(bed.pass(Duration.ofMinutes(1))).isEqualTo(new IdleCuller.Pass(0, 0, 0, 0, 0));
    }

    @Test
    void should_keep_a_workspace_whose_ide_reports_recent_activity_and_withdraw_a_warning() throws Exception {
        bed = new IdleTestBed(dir);
        WorkspaceRecord r = bed.create(OWNER, IdleTestBed.JUPYTER, "mn-reading");
        bed.pass(Duration.ZERO);
        // someone typed in the notebook two minutes ago: the IDE says so, the count restarts from then
        bed.clock.advance(Duration.ofMinutes(21));
        bed.jupyterLastActivity(r, bed.clock.instant().minus(Duration.ofMinutes(2)));
        IdleCuller.Pass pass = bed.app.idleCuller.tick();
        assertThat(pass.probed()).isEqualTo(1);
        assertThat(pass.warned()).isZero();
        IdleRecords.Idle idle = new IdleRecords(bed.app.db).of(r.id()).orElseThrow();
        assertThat(idle.signal()).isEqualTo("ide");
        assertThat(idle.activeAt()).isEqualTo(bed.clock.instant().minus(Duration.ofMinutes(2)));
        // and it is not looked at again until that activity is 20 minutes old
        assertThat(bed.pass(Duration.ofMinutes(17)).probed()).isZero();

        // warned later, then the IDE is used again: the warning is withdrawn and the owner told
        IdleCuller.Pass warned = bed.pass(Duration.ofMinutes(10));
        assertThat(warned.warned()).isEqualTo(1);
        bed.clock.advance(Duration.ofMinutes(5));
        bed.jupyterLastActivity(r, bed.clock.instant().minus(Duration.ofSeconds(30)));
        IdleCuller.Pass back = bed.app.idleCuller.tick();
        assertThat(back.stopped()).isZero();
        assertThat(bed.notices.get(bed.notices.size() - 1)).contains("'mn-reading' is in use again (ide)");
        assertThat(bed.pass(Duration.ofMinutes(10)).stopped()).isZero();
        assertThat(bed.running(r)).isTrue();
    }

    @Test
    void should_not_stop_a_training_run_with_the_browser_closed() throws Exception {
        bed = new IdleTestBed(dir);
        WorkspaceRecord r = bed.create(OWNER, IdleTestBed.BUSY, "mn-training");
        bed.pass(Duration.ZERO);
        IdleCuller.Pass pass = bed.pass(Duration.ofMinutes(25));
        assertThat(pass.probed()).isEqualTo(1);
        assertThat(pass.warned()).as("a busy loop is work: %s", bed.notices).isZero();
        assertThat(new IdleRecords(bed.app.db).of(r.id()).orElseThrow().signal()).isEqualTo("cpu");
        assertThat(bed.pass(Duration.ofMinutes(40)).stopped()).isZero();
        assertThat(bed.running(r)).isTrue();
        assertThat(bed.notices).isEmpty();
    }

    @Test
    void should_hold_a_kept_workspace_for_an_hour_and_let_only_its_owner_keep_it() throws Exception {
        bed = new IdleTestBed(dir);
        WorkspaceRecord r = bed.create(OWNER, IdleTestBed.JUPYTER, "mn-keeper");
        bed.create(OWNER, IdleTestBed.PLAIN, "mn-nopolicy");
        bed.pass(Duration.ZERO);
        assertThat(bed.pass(Duration.ofMinutes(21)).warned()).isEqualTo(1);

        Outcome denied = bed.app.gateway.invoke(OTHER, "workspace.keep", Map.of("name", "mn-keeper"),
                dev.labhand.tool.Origin.BUTTON);
        assertThat(denied).isInstanceOf(Outcome.Denied.class);
        Outcome kept = bed.app.gateway.invoke(OWNER, "workspace.keep", Map.of("name", "mn-keeper"),
                dev.labhand.tool.Origin.BUTTON);
        assertThat(kept).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) kept).text()).contains("'mn-keeper' is kept").contains("1 h");
        AuditRow press = bed.app.audit.list("mn-idler", "workspace.keep", 1).get(0);
        assertThat(press.origin()).isEqualToIgnoringCase("button");

        // an hour with no use and no stop; a template without a policy is never looked at
        for (int i = 0; i < 5; i++) {
            IdleCuller.Pass p = bed.pass(Duration.ofMinutes(10));
            assertThat(p.watched()).isEqualTo(1);
            assertThat(p.stopped()).isZero();
        }
        assertThat(bed.running(r)).isTrue();
        // after the hour the usual rule: warned again, then stopped
        assertThat(bed.pass(Duration.ofMinutes(10)).warned()).isEqualTo(1);
        assertThat(bed.pass(Duration.ofMinutes(10)).stopped()).isEqualTo(1);
        assertThat(bed.running(r)).isFalse();
        assertThat(bed.running(bed.app.workspaces.byName("mn-nopolicy").orElseThrow())).isTrue();
    }

    @Test
    void should_refuse_a_bad_idle_policy_naming_the_file_and_key() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("bad"));
        String base = Files.readString(Path.of("src/test/resources/test-templates/busybox-cpu.yaml"))
                .replace("name: busybox-cpu", "name: mn-bad");
        for (String[] bad : new String[][] {
                {"idle:\n  minutes: 30\n  warnMinutes: 30\n", "idle.warnMinutes"},
                {"idle:\n  minutes: 30\n  action: delete\n", "idle.action"},
                {"idle:\n  minutes: -5\n", "idle.minutes"},
                {"idle:\n  minutes: 30\n  cpuPercnt: 5\n", "idle.cpuPercnt"}}) {
            Files.writeString(templates.resolve("mn-bad.yaml"), base + bad[0]);
            assertThatThrownBy(() -> WorkspaceTemplates.load(templates, LabhandConfig.env(Map.of())))
                    .as(bad[0]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("mn-bad.yaml").hasMessageContaining(bad[1]);
        }
        Files.writeString(templates.resolve("mn-bad.yaml"), base + "idle:\n  minutes: 45\n");
        assertThat(WorkspaceTemplates.load(templates, LabhandConfig.env(Map.of())).find("mn-bad").orElseThrow().idle())
                .isEqualTo(new WorkspaceTemplate.Idle(45, 10, "stop", 10, 10));
        Files.writeString(templates.resolve("mn-bad.yaml"), base);
        assertThat(WorkspaceTemplates.load(templates, LabhandConfig.env(Map.of())).find("mn-bad").orElseThrow().idle()
                .enabled()).isFalse();
    }

    @Test
    void should_read_jupyters_last_activity_in_both_of_its_time_forms() {
        assertThat(ActivityProbe.lastActivity("{\"last_activity\": \"2026-03-02T09:10:11.123456Z\"}"))
                .isEqualTo(java.time.Instant.parse("2026-03-02T09:10:11.123456Z"));
        assertThat(ActivityProbe.lastActivity("{\"last_activity\": \"2026-03-02T18:10:11.5+09:00\"}"))
                .isEqualTo(java.time.Instant.parse("2026-03-02T09:10:11.5Z"));
        assertThat(ActivityProbe.lastActivity("<html>403 Forbidden</html>")).isNull();
        assertThat(ActivityProbe.lastActivity("{}")).isNull();
    }
}
