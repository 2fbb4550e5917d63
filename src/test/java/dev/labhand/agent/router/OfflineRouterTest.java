package dev.labhand.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.HostRecord;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Role;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Entity typing and slot filling over the real catalog, with names this test's world has (not the data's). */
final class OfflineRouterTest {
    private static OfflineRouter router;
    private static final Caller INSTRUCTOR = new Caller("hana", "Hana", Role.INSTRUCTOR, Caller.Lang.KO, "c");
    private static final Caller LEARNER = new Caller("hana", "Hana", Role.LEARNER, Caller.Lang.EN, "c");
    private final List<WorkspaceRecord> visible = new ArrayList<>(List.of(
            workspace("thesis-gpu", "hana", "python-gpu"), workspace("stats", "hana", "r-rstudio"),
            workspace("juno-lab", "juno", "python-cpu")));

    @BeforeAll
    static void setUp() {
        router = new OfflineRouter(RouterEvaluation.catalog(Path.of("tools"), Path.of("config/templates")), () -> List.of(
                new Known.Entity("train-vm", Known.Kind.VM, "azure", true),
                new Known.Entity("class-box", Known.Kind.HOST, "ssh", true)));
    }

    @Test
    void should_pick_the_vm_tool_for_a_vm_name_and_the_workspace_tool_for_a_workspace_name() {
        assertThat(route(INSTRUCTOR, "stop train-vm")).isEqualTo(call("vm.stop", "name", "train-vm"));
        assertThat(route(INSTRUCTOR, "stop thesis-gpu")).isEqualTo(call("workspace.stop", "name", "thesis-gpu"));
        assertThat(route(INSTRUCTOR, "train-vm 켜 줘")).isEqualTo(call("vm.start", "name", "train-vm"));
        assertThat(route(INSTRUCTOR, "class-box 서버 상태 어때?")).isEqualTo(call("host.status", "name", "class-box"));
    }

    @Test
    void should_read_names_with_korean_particles_and_nouns_after_them() {
        assertThat(route(INSTRUCTOR, "thesis-gpu에서 로그 보여줘")).isEqualTo(call("workspace.logs", "name", "thesis-gpu"));
        assertThat(route(INSTRUCTOR, "stats 워크스페이스 꺼 주세요")).isEqualTo(call("workspace.stop", "name", "stats"));
    }

    @Test
    void should_read_a_workspace_named_through_a_korean_rendering() {
        visible.add(workspace("my-jupyter", "hana", "python-cpu"));
        assertThat(route(INSTRUCTOR, "마이 주피터 꺼줘")).isEqualTo(call("workspace.stop", "name", "my-jupyter"));
        assertThat(route(INSTRUCTOR, "내 알스튜디오 켜 줘")).isEqualTo(call("workspace.start", "name", "stats"));
    }

    @Test
    void should_correct_a_typo_only_into_the_callers_own_resources() {
        assertThat(route(INSTRUCTOR, "stop thesis-gup")).isEqualTo(call("workspace.stop", "name", "thesis-gpu"));
        // juno-lab is visible (an instructor sees it) but not the caller's: a typo of it is passed on as said
        assertThat(route(INSTRUCTOR, "stop juno-lbb")).isEqualTo(call("workspace.stop", "name", "juno-lbb"));
        // a learner's typo of a VM is not corrected into it
        assertThat(route(LEARNER, "stop train-mv")).isNotEqualTo(call("vm.stop", "name", "train-vm"));
    }

    @Test
    void should_send_symptom_reports_to_the_checkup() {
        assertThat(route(INSTRUCTOR, "thesis-gpu에서 GPU 인식이 안 돼요")).isEqualTo(call("diag.check", "workspace", "thesis-gpu"));
        assertThat(route(LEARNER, "CUDA not available in thesis-gpu")).isEqualTo(call("diag.check", "workspace", "thesis-gpu"));
    }

    @Test
    void should_route_a_restart_to_its_tool() {
        assertThat(route(LEARNER, "restart stats please")).isEqualTo(call("workspace.restart", "name", "stats"));
    }

    @Test
    void should_ask_which_workspace_when_the_sentence_names_none_of_several() {
        Route route = route(LEARNER, "stop my workspace");

        assertThat(route).isInstanceOf(Route.Clarify.class);
        assertThat(((Route.Clarify) route).choices()).containsExactly("thesis-gpu", "stats");
    }

    private static Route route(Caller caller, String text, List<WorkspaceRecord> visible) {
        return router.route(caller, text, visible);
    }

    private Route route(Caller caller, String text) {
        return route(caller, text, visible);
    }

    private static Route call(String tool, String param, String value) {
        return new Route.Call(tool, Map.of(param, value));
    }

    private static WorkspaceRecord workspace(String name, String owner, String template) {
        return new WorkspaceRecord("id-" + name, name, owner, template, HostRecord.LOCAL, null,
                WorkspaceRecord.Status.RUNNING, Map.of(), null, Instant.EPOCH, Instant.EPOCH);
    }
}
