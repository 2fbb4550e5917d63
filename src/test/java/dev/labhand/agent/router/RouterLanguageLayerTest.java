package dev.labhand.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditLog;
import dev.labhand.chat.Reply;
import dev.labhand.store.ConfirmationRepository;
import dev.labhand.store.Database;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.MutableClock;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.ToolSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RouterLanguageLayerTest {
    @TempDir
    Path dir;

    private Database db;
    private ExecutorService threads;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final List<String> ran = new ArrayList<>();
    private final Map<String, WorkspaceRecord> workspaces = new HashMap<>();
    private RouterLanguageLayer layer;

    private final Caller minji = new Caller("minji", "민지", Role.LEARNER, Caller.Lang.KO, "c1");
    private final Caller alex = new Caller("alex", "Alex", Role.LEARNER, Caller.Lang.EN, "c1");

    @BeforeEach
    void setUp() {
        db = Database.open(dir.resolve("t.db"));
        threads = Executors.newCachedThreadPool();
        add("thesis", "minji", "r-rstudio");
        add("demo", "alex", "python-gpu");
        ToolCatalog catalog = new ToolCatalog()
                .register(tool(ToolSpec.of("workspace.create", Risk.CHANGE, Role.LEARNER,
                        Param.choice("template", List.of("python-gpu", "python-cpu", "r-rstudio", "r-rstudio-cpu",
                                "pyspark", "pyspark-cpu", "starter-cpu")), Param.string("name", Param.NAME))))
                .register(tool(ToolSpec.of("workspace.list", Risk.READ, Role.LEARNER)))
                .register(tool(ToolSpec.of("workspace.stop", Risk.CHANGE, Role.LEARNER, Param.workspace("name"))))
                .register(tool(ToolSpec.of("workspace.remove", Risk.DESTRUCTIVE, Role.LEARNER, Param.workspace("name"))));
        ToolGateway gateway = new ToolGateway(catalog,
                (kind, name) -> Optional.ofNullable(workspaces.get(name)).map(WorkspaceRecord::ownerId),
                new ConfirmationRepository(db), new AuditLog(db), threads, clock, Duration.ofMinutes(5), Duration.ZERO);
        layer = new RouterLanguageLayer(new OfflineRouter(catalog), gateway,
                caller -> workspaces.values().stream().filter(w -> w.ownerId().equals(caller.id())).toList(), clock);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        db.close();
    }

    @Test
    void should_create_a_workspace_from_one_korean_sentence_with_one_gateway_call() {
        Reply reply = layer.answer(minji, "GPU 파이썬 작업공간 하나 만들어줘, 이름은 paper", Origin.MESSAGE, Progress.NONE);

        assertThat(reply.kind()).isEqualTo("done");
        assertThat(ran).containsExactly("workspace.create {name=paper, template=python-gpu}");
    }

    @Test
    void should_ask_for_a_missing_name_and_finish_with_the_next_message() {
        Reply question = layer.answer(alex, "spin up an RStudio workspace please", Origin.MESSAGE, Progress.NONE);

        assertThat(question.kind()).isEqualTo("clarify");
        assertThat(question.text()).contains("called");
        assertThat(ran).isEmpty();

        Reply done = layer.answer(alex, "thesis-r", Origin.MESSAGE, Progress.NONE);

        assertThat(done.kind()).isEqualTo("done");
        assertThat(ran).containsExactly("workspace.create {name=thesis-r, template=r-rstudio}");
    }

    @Test
    void should_forget_a_pending_question() {
        layer.answer(alex, "create an rstudio workspace", Origin.MESSAGE, Progress.NONE);
        layer.forget(alex);

        Reply reply = layer.answer(alex, "thesis-r", Origin.MESSAGE, Progress.NONE);

        assertThat(reply.kind()).isEqualTo("help");
        assertThat(ran).isEmpty();
    }

    @Test
    void should_pass_a_removal_to_the_gateway_which_asks_for_confirmation() {
        Reply reply = layer.answer(minji, "내 알스튜디오 지워 줘", Origin.MESSAGE, Progress.NONE);

        assertThat(reply.kind()).isEqualTo("confirm");
        assertThat(reply.confirmationCode()).isNotBlank();
        assertThat(ran).isEmpty();
    }

    @Test
    void should_refuse_stopping_another_learners_workspace_at_the_gateway() {
        Reply reply = layer.answer(alex, "please stop thesis", Origin.MESSAGE, Progress.NONE);

        assertThat(reply.kind()).isEqualTo("denied");
        assertThat(ran).isEmpty();
    }

    @Test
    void should_answer_an_unknown_sentence_in_the_callers_language() {
        assertThat(layer.answer(minji, "오늘 점심 뭐 먹지", Origin.MESSAGE, Progress.NONE).text()).contains("/help")
                .contains("모르겠어요");
        assertThat(layer.answer(alex, "what a lovely day", Origin.MESSAGE, Progress.NONE).text()).contains("/help")
                .contains("didn't get");
    }

    private void add(String name, String owner, String template) {
        Instant t = clock.instant();
        workspaces.put(name, new WorkspaceRecord("id-" + name, name, owner, template, "local", null,
                WorkspaceRecord.Status.RUNNING, Map.of(), null, t, t));
    }

    private Tool tool(ToolSpec spec) {
        return new Tool() {
            public ToolSpec spec() {
                return spec;
            }

            public Outcome run(Invocation call) {
                synchronized (ran) {
                    ran.add(spec.name() + " " + new java.util.TreeMap<>(call.args().values()));
                }
                return Outcome.Done.of("ok", null);
            }
        };
    }
}
