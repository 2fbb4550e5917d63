package dev.labhand.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

final class AskToolTest {
    private static final KnowledgeBase BASE = KnowledgeBase.load(KnowledgeBase.DEFAULT_DIR);
    private static final KnowledgeIndex INDEX = KnowledgeIndex.build(BASE);
    private static final String NOTES = "https://notes.example/";

    private final AskTool tool = new AskTool(INDEX, NOTES);

    @Test
    void should_answer_in_the_askers_language() {
        var ports = BASE.find("port-publishing").orElseThrow();

        String korean = answer(tool, Lang.KO, "컨테이너 포트를 공개했는데 브라우저에서 접속이 안 돼요");
        String english = answer(tool, Lang.EN, "I published the container port but the browser cannot connect");

        assertThat(korean).contains(ports.titleKo()).contains(ports.bodyKo().lines().findFirst().orElseThrow())
                .contains(Messages.get(Lang.KO, "ask.topic", "topic", "module 08 — R을 위한 도커 " + NOTES + "module-08"))
                .doesNotContain(ports.titleEn());
        assertThat(english).contains(ports.titleEn()).contains(ports.bodyEn().lines().findFirst().orElseThrow())
                .contains(Messages.get(Lang.EN, "ask.topic", "topic", "module 08 — Docker for R " + NOTES + "module-08"))
                .doesNotContain(ports.titleKo());
    }

    @Test
    void should_answer_a_question_written_in_korean_in_korean_whoever_asks() {
        var gpu = BASE.find("cuda-not-available").orElseThrow();

        String text = answer(tool, Lang.EN, "파이토치에서 cuda가 false로 나와요");

        assertThat(text).contains(gpu.titleKo()).contains(Messages.get(Lang.KO, "ask.topic", "topic", "module 07 — 파이썬을 위한 도커 " + NOTES + "module-07"));
    }

    @Test
    void should_name_the_next_two_entries_as_related_reading() {
        var hits = INDEX.search("ssh -L 8787 터널로 rstudio 열기", 3);
        assertThat(hits).hasSize(3);

        String text = answer(tool, Lang.KO, "ssh -L 8787 터널로 rstudio 열기");

        assertThat(text).contains(Messages.get(Lang.KO, "ask.related", "titles",
                hits.get(1).entry().titleKo() + " · " + hits.get(2).entry().titleKo()));
    }

    @Test
    void should_say_the_notes_have_nothing_when_the_question_is_off_topic() {
        assertThat(answer(tool, Lang.KO, "오늘 점심 메뉴 추천해 주세요")).isEqualTo(Messages.get(Lang.KO, "ask.nothing"));
        assertThat(answer(tool, Lang.EN, "what is the best banana bread recipe")).isEqualTo(Messages.get(Lang.EN, "ask.nothing"));
        assertThat(answer(tool, Lang.EN, "qwzx vbnm")).isEqualTo(Messages.get(Lang.EN, "ask.nothing"));
    }

    @Test
    void should_not_throw_on_lucene_query_syntax_in_a_question() {
        for (String question : List.of("***", "::::", "title:(docker AND", "\"unbalanced quote", "docker~2^3 [a TO b] {x}",
                "a* ?b !c || && -d +e \\", "/regex[/", "(((((", "포트:*8787* OR NOT", "--gpus=\"all\" ^^ ~~")) {
            var outcome = tool.run(invocation(Lang.EN, question, null));
            assertThat(outcome).as(question).isInstanceOf(Outcome.Done.class);
        }
        assertThat(answer(tool, Lang.EN, "docker run -p *:8787 \"rstudio\"")).contains("8787");
    }

    @Test
    void should_append_what_the_findings_say_about_the_named_workspace() {
        List<String> asked = new ArrayList<>();
        AskTool withFindings = new AskTool(CompletableFuture.completedFuture(INDEX), NOTES, (call, workspace) -> {
            asked.add(call.caller().id() + "/" + workspace);
            return "container exited with code 137 (OOMKilled)";
        });

        String text = answer(withFindings, Lang.EN, "my container died while training", "lab1");
        String without = answer(withFindings, Lang.EN, "my container died while training");

        assertThat(text).endsWith(Messages.get(Lang.EN, "ask.findings", "workspace", "lab1",
                "findings", "container exited with code 137 (OOMKilled)"));
        // (the notes' own answer may name OOMKilled: it is now the logs note; the workspace's findings are absent)
        assertThat(without).doesNotContain("container exited with code 137 (OOMKilled)").doesNotContain("lab1");
        assertThat(asked).containsExactly("alice/lab1");
    }

    @Test
    void should_wait_for_an_index_still_being_built() {
        AskTool waiting = new AskTool(KnowledgeIndex.buildInBackground(BASE), NOTES);

        assertThat(answer(waiting, Lang.EN, "exit code 137")).contains(BASE.find("container-logs-exit-codes").orElseThrow().titleEn());
    }

    @Test
    void should_fit_every_answer_in_one_discord_message() {
        for (var entry : BASE.entries()) {
            for (Lang lang : Lang.values()) {
                String text = answer(tool, lang, entry.title(lang));
                assertThat(text).as(entry.id() + " " + lang).contains(entry.body(lang));
                assertThat(text.length()).as(entry.id() + " " + lang + " length").isLessThanOrEqualTo(1900);
            }
        }
    }

    @Test
    void should_be_a_read_only_tool_for_learners_described_in_both_languages() {
        var spec = tool.spec();
        assertThat(spec.name()).isEqualTo("ask.course");
        assertThat(spec.risk()).isEqualTo(Risk.READ);
        assertThat(spec.minRole()).isEqualTo(Role.LEARNER);
        Param question = spec.param("question").orElseThrow();
        assertThat(question.required()).isTrue();
        assertThat(question.pattern().matcher("왜?").matches()).isTrue();
        assertThat(question.pattern().matcher("line one\nline two: *:?").matches()).isTrue();
        assertThat(question.pattern().matcher("x").matches()).isFalse();
        assertThat(question.pattern().matcher("x".repeat(257)).matches()).isFalse();
        Param workspace = spec.param("workspace").orElseThrow();
        assertThat(workspace.required()).isFalse();
        assertThat(workspace.ref()).isEqualTo(Param.Ref.WORKSPACE);
        for (Lang lang : Lang.values()) {
            assertThat(Messages.has(lang, "tool.ask.course")).isTrue();
            for (Param p : spec.params()) assertThat(Messages.has(lang, "param.ask.course." + p.name())).isTrue();
            for (String key : List.of("ask.answer", "ask.related", "ask.topic", "ask.nothing", "ask.findings")) {
                assertThat(Messages.has(lang, key)).as(lang + " " + key).isTrue();
            }
        }
    }

    private static String answer(AskTool tool, Lang lang, String question) {
        return answer(tool, lang, question, null);
    }

    private static String answer(AskTool tool, Lang lang, String question, String workspace) {
        Outcome outcome = tool.run(invocation(lang, question, workspace));
        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        return ((Outcome.Done) outcome).text();
    }

    private static Invocation invocation(Lang lang, String question, String workspace) {
        Map<String, String> args = new HashMap<>(Map.of("question", question));
        if (workspace != null) args.put("workspace", workspace);
        return new Invocation(new Caller("alice", "alice", Role.LEARNER, lang, "test"), new Args(args),
                Origin.CONSOLE, Progress.NONE);
    }
}
