package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.desk.Question;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.support.TestApp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's question board: a Discord forum channel whose new posts are queued for the instructors with an
 * automatic first answer in the post's thread, and the instructor's answer following there. Real JDA against the
 * loopback fake Discord, which, like Discord, sends a post's text only to a bot that asked for the message-content
 * intent.
 */
final class ForumBoardTest {
    static final long GUILD = 720000000000000001L;
    static final long CHANNEL = 720000000000000002L;
    static final long FORUM = 720000000000000003L;
    static final long INSTRUCTOR_ROLE = 720000000000000010L;
    static final Duration WAIT = Duration.ofSeconds(30);

    static final User ALICE = new User(820000000000000001L, "alice", "ko", List.of());
    static final User INES = new User(820000000000000003L, "ines", "en-US", List.of(INSTRUCTOR_ROLE));

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private TestApp t;
    private DiscordBot bot;

    private void start(boolean board) throws Exception {
        discord = FakeDiscord.start();
        discord.addGuild(GUILD, Map.of(INSTRUCTOR_ROLE, "Instructor"), CHANNEL);
        t = new TestApp(dir, "", """
                discord:
                  guilds: ["%d"]
                  instructorRoles: [Instructor]
                  restBaseUrl: %s
                  gatewayUrl: %s
                desk:
                  forumChannel: "%s"
                """.formatted(GUILD, discord.restBaseUrl(), discord.gatewayUrl(), board ? Long.toString(FORUM) : ""),
                Clock.systemUTC());
        bot = DiscordBot.start(t.app.config, FakeDiscord.TOKEN, t.app.chat, t.app.suggestions, t.app.members,
                Clock.systemUTC(), DiscordBot.TOKEN_LIFE);
        // as `labhand discord` hooks them up
        t.app.notices.deliverWith(bot::directMessage);
        t.app.desk.postAnswersWith(bot::postForumAnswer);
        discord.addForumChannel(GUILD, FORUM, "questions");
    }

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (t != null) t.close();
        if (discord != null) discord.close();
    }

    @Test
    void should_queue_a_board_post_answer_it_at_once_from_the_notes_and_post_the_instructors_answer_in_its_thread() throws Exception {
        start(true);
        assertThat(discord.intents() & FakeDiscord.MESSAGE_CONTENT_INTENT).isNotZero();
        // the instructor has used the bot, so the desk knows whom to tell
        awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "queue", "list", Map.of()), "No open questions");

        long thread = discord.forumPost(ALICE, GUILD, FORUM, "GPU가 안 잡혀요",
                "컨테이너 안에서 torch.cuda.is_available() 가 False 로 나와요. 어떻게 하죠?");

        // the bot answers in the thread at once, marked as automatic, with what the notes have
        Call auto = awaitPost(thread, "자동 첫 답변");
        String autoText = auto.body().get("content").asText();
        assertThat(autoText).contains("#").contains("이 스레드");
        assertThat(autoText).containsIgnoringCase("gpus");
        assertThat(auto.body().path("message_reference").path("message_id").asText()).isEqualTo(Long.toString(thread));
        assertThat(auto.body().path("allowed_mentions").path("parse").size()).isZero();

        Question q = t.app.desk.askedBy(Long.toString(ALICE.id()), 1).get(0);
        assertThat(q.source()).isEqualTo("forum:" + thread);
        assertThat(q.forumThread()).contains(Long.toString(thread));
        assertThat(q.question()).contains("GPU가 안 잡혀요").contains("torch.cuda.is_available()");
        assertThat(q.firstAnswerAt()).as("the notes' automatic answer counts as the first").isNotNull();
        AuditRow row = t.app.audit.list(Long.toString(ALICE.id()), "queue.ask", 1).get(0);
        assertThat(row.origin()).isEqualTo("forum");

        // the instructor answers: the thread gets it, naming her, and alice gets a DM too
        awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "queue", "answer",
                Map.of("id", (long) q.id(), "text", "docker run 에 --gpus all 을 붙여서 다시 만들어 보세요")), "#" + q.id());
        Call answer = awaitPost(thread, "ines");
        assertThat(answer.body().get("content").asText()).contains("--gpus all").contains("강사님");
        long aliceDm = discord.dmChannelOf(ALICE.id());
        discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + aliceDm + "/messages"), WAIT);
        assertThat(t.app.desk.question(q.id()).orElseThrow().answered()).isTrue();

        // an instructor's own post on the board is an announcement: not queued, not answered
        long announcement = discord.forumPost(INES, GUILD, FORUM, "Week 3", "Lab 3 is open");
        awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "queue", "list", Map.of()), "No open questions");
        assertThat(discord.calls()).noneMatch(c -> c.path().endsWith("/channels/" + announcement + "/messages"));
    }

    @Test
    void should_leave_the_board_alone_and_not_ask_for_the_privileged_intent_when_no_board_is_configured() throws Exception {
        start(false);
        assertThat(discord.intents() & FakeDiscord.MESSAGE_CONTENT_INTENT).isZero();

        long thread = discord.forumPost(ALICE, GUILD, FORUM, "GPU가 안 잡혀요", "torch.cuda.is_available() 가 False");
        // a slash command after the post is answered, so the post has been seen and passed over by then
        awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "queue", "list", Map.of()), "No open questions");
        assertThat(t.app.desk.askedBy(Long.toString(ALICE.id()), 5)).isEmpty();
        assertThat(discord.calls()).noneMatch(c -> c.path().endsWith("/channels/" + thread + "/messages"));
    }

    private Call awaitPost(long channel, String containing) {
        return discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + channel + "/messages")
                && c.body() != null && c.body().path("content").asText("").contains(containing), WAIT);
    }

    private Call awaitFollowup(long interactionId, String containing) {
        return discord.awaitFollowup(interactionId, containing, DiscordBotTest::messageText, WAIT);
    }
}
