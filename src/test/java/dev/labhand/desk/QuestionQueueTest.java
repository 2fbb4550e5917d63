package dev.labhand.desk;

import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.i18n.Messages;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The question queue through the real gateway, SQLite and Docker engine: a question the notes have nothing on is
 * queued with the learner's checkup, instructors are told, claiming and answering closes it and tells the learner;
 * learners cannot use the instructors' tools; secrets never reach a stored question, an answer or a notice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class QuestionQueueTest {
    private static final String OFF_TOPIC = "what is the best banana bread recipe";
    private TestApp t;
    private final Caller alice = learner("alice");
    private final Caller bob = learner("bob");
    private final Caller ines = instructor("ines");
    private final List<String[]> notices = new CopyOnWriteArrayList<>();
    private final List<String[]> staffPosts = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        t = new TestApp(dir);
        t.app.notices.deliverWith((member, text) -> notices.add(new String[] {member, text}));
        t.app.desk.postToStaffWith((id, text) -> staffPosts.add(new String[] {Long.toString(id), text}));
        // the instructor is known to the bot (seen once), so queued questions reach her
        t.app.members.seen(ines);
        t.app.members.seen(alice);
        assertThat(t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "dq-alice")))
                .isInstanceOf(Outcome.Done.class);
    }

    @AfterAll
    void stop() {
        if (t != null) t.close();
    }

    @Test
    void should_queue_an_unanswered_question_tell_the_instructor_and_dm_the_learner_her_answer() {
        // given a learner asks what the notes have nothing on
        String asked = done(t.call(alice, "ask.course", Map.of("question", OFF_TOPIC))).text();

        // then she is told it went to the instructors, who are told of it (DM and staff channel)
        assertThat(asked).contains(Messages.get(Lang.EN, "ask.nothing")).contains("went to the instructors as #");
        Question q = newest("alice");
        assertThat(q.question()).isEqualTo(OFF_TOPIC);
        assertThat(q.source()).isEqualTo("ask");
        assertThat(q.checkup()).contains("Checkup of 'dq-alice' (busybox-cpu)");
        assertThat(noticesFor("ines")).anyMatch(n -> n.contains("#" + q.id()) && n.contains("alice") && n.contains(OFF_TOPIC));
        assertThat(staffPosts).anyMatch(p -> p[0].equals(Long.toString(q.id())) && p[1].contains(OFF_TOPIC));
        // asking again queues nothing new
        assertThat(done(t.call(alice, "ask.course", Map.of("question", OFF_TOPIC))).text()).contains("already with the instructors as #" + q.id());

        // when the instructor lists, claims and answers it
        String list = done(t.call(ines, "queue.list", Map.of())).text();
        assertThat(list).contains("#" + q.id()).contains("alice").contains(OFF_TOPIC).contains("min");
        String claimed = done(t.call(ines, "queue.claim", Map.of("id", Long.toString(q.id())))).text();
        assertThat(claimed).contains("You claimed question #" + q.id()).contains("Checkup of 'dq-alice'");
        Outcome taken = t.call(instructor("olaf"), "queue.claim", Map.of("id", Long.toString(q.id())));
        assertThat(taken).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) taken).text()).contains("claimed by ines");
        String answered = done(t.call(ines, "queue.answer", Map.of("id", Long.toString(q.id()),
                "text", "Mash three ripe bananas; the oven at 175 C for an hour."))).text();

        // then it is closed, and the learner gets the answer naming the instructor
        assertThat(answered).contains("answered and closed");
        assertThat(noticesFor("alice")).anyMatch(n -> n.contains("ines answered your question #" + q.id())
                && n.contains("three ripe bananas"));
        assertThat(t.app.desk.questions().byId(q.id()).orElseThrow().answered()).isTrue();
        assertThat(done(t.call(ines, "queue.list", Map.of())).text()).doesNotContain("#" + q.id() + " ");
        assertThat(done(t.call(alice, "queue.mine", Map.of())).text()).contains("#" + q.id()).contains("answered by ines")
                .contains("three ripe bananas");
        assertThat(t.call(ines, "queue.answer", Map.of("id", Long.toString(q.id()), "text", "again")))
                .isInstanceOf(Outcome.Invalid.class);
        String stats = done(t.call(ines, "queue.stats", Map.of())).text();
        assertThat(stats).contains("answered").contains("p50").contains("2–3 working days")
                .contains("#" + q.id() + " (alice): first answer after 0 min, ines's answer after 0 min");
        // every step is in the audit log with its caller
        assertThat(t.app.audit.list("ines", "queue.answer", 5)).extracting(AuditRow::outcome).contains("done");
    }

    @Test
    void should_not_queue_what_the_language_layer_guessed_was_a_question() {
        int before = t.app.desk.askedBy("alice", 100).size();

        for (var origin : List.of(dev.labhand.tool.Origin.ROUTER, dev.labhand.tool.Origin.LLM)) {
            Outcome o = t.app.gateway.invoke(alice, "ask.course", Map.of("question", "banana bread for my cat please"), origin);
            assertThat(done(o).text()).isEqualTo(Messages.get(Lang.EN, "ask.nothing"));
        }
        assertThat(done(t.call(ines, "ask.course", Map.of("question", "banana bread for my cat please"))).text())
                .isEqualTo(Messages.get(Lang.EN, "ask.nothing"));

        assertThat(t.app.desk.askedBy("alice", 100)).hasSize(before);
        assertThat(t.app.desk.askedBy("ines", 100)).isEmpty();
    }

    @Test
    void should_queue_an_explicit_question_with_an_automatic_first_answer_from_the_notes() {
        String text = done(t.call(alice, "queue.ask", Map.of("question", "docker run says port is already allocated",
                "workspace", "dq-alice"))).text();

        assertThat(text).contains("went to the instructors as #").contains("automatic answer from the course notes");
        Question q = newest("alice");
        assertThat(q.source()).isEqualTo("explicit");
        assertThat(q.firstAnswerAt()).isNotNull(); // the notes answered at once; the instructor's answer is still to come
        assertThat(q.answeredAt()).isNull();
        assertThat(q.checkup()).contains("dq-alice");
    }

    @Test
    void should_answer_a_queued_question_with_the_draft_made_for_it() {
        done(t.call(alice, "queue.ask", Map.of("question", "my gpu workspace will not start, what now?")));
        Question q = newest("alice");
        String id = Long.toString(q.id());
        assertThat(t.call(ines, "queue.answer", Map.of("id", id))).isInstanceOf(Outcome.Invalid.class); // no draft yet

        String draft = done(t.call(ines, "desk.draft", Map.of("question", id))).text();
        String sent = done(t.call(ines, "queue.answer", Map.of("id", id))).text();

        assertThat(draft).contains("Hi alice,").contains("Checkup of 'dq-alice'").contains("— ines");
        assertThat(sent).contains("answered and closed");
        assertThat(t.app.desk.question(q.id()).orElseThrow().answer()).isEqualTo(draft);
        assertThat(noticesFor("alice")).anyMatch(n -> n.contains("#" + id) && n.contains("Hi alice,"));
        assertThat(t.call(ines, "desk.draft", Map.of())).isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void should_count_a_reply_in_the_channel_as_the_first_answer_to_open_questions() {
        Caller carol = learner("carol");
        t.app.members.seen(carol);
        done(t.call(carol, "ask.course", Map.of("question", OFF_TOPIC)));
        Question q = newest("carol");
        assertThat(q.firstAnswerAt()).isNull();

        String recorded = done(t.call(ines, "desk.reply", Map.of("member", "carol", "message", "123456789012345678"))).text();

        assertThat(recorded).contains("first answer to their 1 open question");
        Question after = t.app.desk.question(q.id()).orElseThrow();
        assertThat(after.firstAnswerAt()).isNotNull();
        assertThat(after.answered()).isFalse(); // the instructor's answer still closes it
        assertThat(t.app.audit.list("ines", "desk.reply", 1).get(0).args()).contains("123456789012345678");
    }

    @Test
    void should_show_an_instructor_the_members_accounts_and_budget_use_in_the_overview() {
        String seen = done(t.call(ines, "desk.member", Map.of("member", "alice"))).text();
        assertThat(seen).contains("dq-alice").contains("Accounts on hosts: none").contains("VM cost so far: $0.00");
    }

    @Test
    void should_refuse_and_audit_a_learner_using_the_instructors_desk() {
        Map<String, Map<String, String>> calls = Map.of(
                "queue.list", Map.of(), "queue.stats", Map.of(),
                "queue.claim", Map.of("id", "1"), "queue.answer", Map.of("id", "1", "text", "hi there"),
                "desk.draft", Map.of("member", "alice", "text", "my gpu is broken"),
                "desk.member", Map.of("member", "alice"),
                "desk.reply", Map.of("member", "alice", "message", "123"));
        calls.forEach((tool, args) -> {
            Outcome o = t.call(bob, tool, args);
            assertThat(o).as(tool).isInstanceOf(Outcome.Denied.class);
            assertThat(((Outcome.Denied) o).text()).contains(tool + " is for the instructor role");
            assertThat(t.app.audit.list("bob", tool, 1).get(0).outcome()).as(tool).isEqualTo("denied");
        });
        // a learner sees only their own questions
        assertThat(done(t.call(bob, "queue.mine", Map.of())).text()).contains("not asked the instructors anything");
    }

    @Test
    void should_keep_tokens_and_passwords_out_of_questions_answers_and_notices() {
        String secret = t.app.workspaces.byName("dq-alice").orElseThrow().secret();
        String canary = "sk-canary0000111122223333";
        String question = "my jupyter wants " + secret + " and password=hunter2canary and " + canary;

        String asked = done(t.call(alice, "queue.ask", Map.of("question", question))).text();
        Question q = newest("alice");
        String answer = done(t.call(ines, "queue.answer", Map.of("id", Long.toString(q.id()),
                "text", "never paste " + secret + " or token=abcdefcanary here"))).text();

        List<String> everything = new ArrayList<>(List.of(asked, answer, q.question(), q.checkup(),
                t.app.desk.questions().byId(q.id()).orElseThrow().answer(),
                done(t.call(ines, "queue.list", Map.of())).text(), done(t.call(alice, "queue.mine", Map.of())).text()));
        notices.forEach(n -> everything.add(n[1]));
        staffPosts.forEach(p -> everything.add(p[1]));
        t.app.audit.list(null, null, 200).forEach(r -> everything.add(r.args() + " " + r.detail()));
        for (String s : everything) {
            assertThat(s).doesNotContain(secret).doesNotContain("hunter2canary").doesNotContain(canary)
                    .doesNotContain("abcdefcanary");
        }
        assertThat(q.question()).contains("***");
    }

    @Test
    void should_give_nearest_rank_percentiles_per_week() {
        Instant monday = Instant.parse("2026-11-23T09:00:00Z");
        List<Question> qs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Instant asked = monday.plus(Duration.ofHours(i));
            qs.add(new Question(i, "a", "a", Lang.EN, "ask", "q", "", Question.ANSWERED, asked, null, null, null,
                    asked.plus(Duration.ofMinutes(i)), "i", "i", asked.plus(Duration.ofMinutes(10L * i)), "x"));
        }
        qs.add(new Question(11, "a", "a", Lang.EN, "ask", "q", "", Question.OPEN, monday.plus(Duration.ofDays(7)),
                null, null, null, null, null, null, null, null));

        List<QueueStatsTool.Week> weeks = QueueStatsTool.weeks(qs);

        assertThat(weeks).extracting(QueueStatsTool.Week::week).containsExactly("2026-W48", "2026-W49");
        QueueStatsTool.Week first = weeks.get(0);
        assertThat(first.asked()).isEqualTo(10);
        assertThat(first.answered()).isEqualTo(10);
        assertThat(first.firstP50()).isEqualTo(Duration.ofMinutes(5));
        assertThat(first.firstP90()).isEqualTo(Duration.ofMinutes(9));
        assertThat(first.answerP50()).isEqualTo(Duration.ofMinutes(50));
        assertThat(first.answerP90()).isEqualTo(Duration.ofMinutes(90));
        assertThat(weeks.get(1).open()).isEqualTo(1);
        assertThat(weeks.get(1).answerP50()).isNull();
        assertThat(DeskText.duration(Duration.ofMinutes(125), Lang.KO)).isEqualTo("2시간 5분");
    }

    @Test
    void should_describe_every_desk_tool_in_both_languages() {
        for (var tool : t.app.gateway.catalog().all()) {
            String area = tool.spec().area();
            if (!area.equals("queue") && !area.equals("desk")) continue;
            for (Lang lang : Lang.values()) {
                assertThat(tool.description(lang)).as(lang + " " + tool.spec().name()).doesNotStartWith("tool.");
                tool.spec().params().forEach(p -> assertThat(tool.paramDescription(lang, p.name()))
                        .as(lang + " " + tool.spec().name() + " " + p.name()).doesNotStartWith("param."));
                assertThat(Messages.has(lang, "discord.area." + area)).isTrue();
            }
        }
        assertThat(t.app.gateway.catalog().find("queue.answer").orElseThrow().spec().minRole()).isEqualTo(Role.INSTRUCTOR);
    }

    private Question newest(String asker) {
        return t.app.desk.questions().askedBy(asker, 1).get(0);
    }

    private List<String> noticesFor(String member) {
        return notices.stream().filter(n -> n[0].equals(member)).map(n -> n[1]).toList();
    }

    private static Outcome.Done done(Outcome o) {
        assertThat(o).isInstanceOf(Outcome.Done.class);
        return (Outcome.Done) o;
    }
}
