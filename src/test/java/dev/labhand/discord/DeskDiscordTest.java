package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.audit.AuditRow;
import dev.labhand.desk.Question;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import dev.labhand.workspace.ContainerPlan;
import dev.labhand.workspace.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instructor's desk on Discord, end to end: the real JDA client against the loopback fake Discord, the real
 * gateway, SQLite and Docker engine. Context menus on a learner's message and on a member, the draft's [Post as
 * reply], learners refused and audited, and the question queue from /ask to the learner's DM.
 */
final class DeskDiscordTest {
    static final long GUILD = 710000000000000001L;
    static final long CHANNEL = 710000000000000002L;
    static final long STAFF_GUILD = 710000000000000005L;
    static final long STAFF_CHANNEL = 710000000000000006L;
    static final long INSTRUCTOR_ROLE = 710000000000000010L;
    /** The staff channel is in a guild of its own here (the fake has one text channel per guild), with its own role. */
    static final long STAFF_INSTRUCTOR_ROLE = 710000000000000011L;
    static final Duration WAIT = Duration.ofSeconds(30);

    static final User ALICE = new User(810000000000000001L, "alice", "ko", List.of());
    static final User BOB = new User(810000000000000002L, "bob", "en-US", List.of());
    static final User INES = new User(810000000000000003L, "ines", "en-US", List.of(INSTRUCTOR_ROLE, STAFF_INSTRUCTOR_ROLE));

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private TestApp t;
    private DiscordBot bot;

    @BeforeEach
    void start() throws Exception {
        discord = FakeDiscord.start();
        discord.addGuild(GUILD, Map.of(INSTRUCTOR_ROLE, "Instructor"), CHANNEL);
        discord.addGuild(STAFF_GUILD, Map.of(STAFF_INSTRUCTOR_ROLE, "Instructor"), STAFF_CHANNEL);
        t = new TestApp(dir, "", """
                discord:
                  guilds: ["%d"]
                  instructorRoles: [Instructor]
                  restBaseUrl: %s
                  gatewayUrl: %s
                desk:
                  staffChannel: "%d"
                """.formatted(GUILD, discord.restBaseUrl(), discord.gatewayUrl(), STAFF_CHANNEL), Clock.systemUTC());
        bot = DiscordBot.start(t.app.config, FakeDiscord.TOKEN, t.app.chat, t.app.suggestions, t.app.members,
                Clock.systemUTC(), DiscordBot.TOKEN_LIFE);
        // as `labhand discord` hooks them up
        t.app.notices.deliverWith(bot::directMessage, bot::directMessage);
        t.app.desk.postToStaffWith(new StaffChannel(bot, t.app.config.desk().staffChannel(), Caller.Lang.EN)::post);
    }

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (t != null) t.close();
        if (discord != null) discord.close();
    }

    @Test
    void should_register_both_context_menus_localized_and_hidden_from_members() {
        Call put = discord.awaitCall(c -> c.method().equals("PUT") && c.path().endsWith("/guilds/" + GUILD + "/commands"), WAIT);

        JsonNode draft = command(put.body(), "Diagnose & draft");
        assertThat(draft.get("type").asInt()).isEqualTo(3);
        assertThat(draft.get("name_localizations").get("ko").asText()).isEqualTo("진단 후 답변 초안");
        assertThat(draft.get("default_member_permissions").asText()).isEqualTo("32");
        assertThat(draft.path("description").asText("")).isEmpty();
        JsonNode member = command(put.body(), "Show workspaces & hosts");
        assertThat(member.get("type").asInt()).isEqualTo(2);
        assertThat(member.get("name_localizations").get("ko").asText()).isEqualTo("워크스페이스와 호스트 보기");
        assertThat(member.get("default_member_permissions").asText()).isEqualTo("32");
        // the slash commands are still there, with the queue and the desk among them
        assertThat(command(put.body(), "queue").get("type").asInt()).isEqualTo(1);
        assertThat(command(put.body(), "desk").get("default_member_permissions").asText()).isEqualTo("32");
    }

    @Test
    void should_draft_the_missing_gpus_flag_for_a_broken_gpu_workspace_and_post_it_as_a_reply() {
        // given alice's GPU workspace, started by hand without --gpus all on an engine with no GPU
        String alice = Long.toString(ALICE.id());
        gpuWorkspaceWithoutGpus(alice, "dd-gpu");
        Outcome refused = t.call(new Caller(alice, "alice", Role.LEARNER, Caller.Lang.KO, "setup"), "audit.list", Map.of());
        assertThat(refused).isInstanceOf(Outcome.Denied.class); // a failed call the member overview should show
        String canary = "canarytok123";
        long message = discord.userMessage(ALICE, GUILD, CHANNEL,
                "dd-gpu 에서 torch.cuda.is_available() 가 계속 False 예요.\nJUPYTER_TOKEN=" + canary + " 도 넣어 봤어요");

        // when the instructor runs "Diagnose & draft" on her message
        long menu = discord.messageContextMenu(INES, GUILD, CHANNEL, "Diagnose & draft", message);

        // then only she sees a Korean draft naming the missing --gpus all and the fix
        Call ack = discord.awaitCallback(menu, WAIT);
        assertThat(ack.body().get("type").asInt()).isEqualTo(5);
        assertThat(ack.body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        Call shown = awaitFollowup(menu, "--gpus all");
        String draft = DiscordBotTest.messageText(shown);
        assertThat(draft).contains("alice님").contains("가장 유력한 원인").contains("GPU 없이 시작").contains("--gpus all")
                .contains("docker run --gpus all").contains("NVIDIA Container Toolkit").contains("— ines");
        assertThat(draft).doesNotContain(canary);
        String post = button(shown, ContextMenuListener.POST);
        assertThat(button(shown, ContextMenuListener.DISCARD)).isNotEmpty();
        AuditRow row = t.app.audit.list(Long.toString(INES.id()), "desk.draft", 1).get(0);
        assertThat(row.outcome()).isEqualTo("done");
        assertThat(row.origin()).isEqualTo("context_menu");
        assertThat(row.args()).doesNotContain(canary);

        // [Edit] opens the draft in a form; what she sends back (redacted) replaces it
        long draftMessage = discord.originalMessageId(menu);
        long edit = discord.buttonPress(INES, GUILD, CHANNEL, draftMessage, button(shown, ContextMenuListener.EDIT));
        Call form = discord.awaitCallback(edit, WAIT);
        assertThat(form.body().get("type").asInt()).isEqualTo(9);
        String modalId = form.body().path("data").path("custom_id").asText();
        assertThat(form.body().toString()).contains("--gpus all");
        String edited = draft.substring(draft.indexOf("alice님")) + "\n추신: password=" + canary + " 는 채팅에 올리지 마세요.";
        long sent = discord.modalSubmit(INES, GUILD, CHANNEL, draftMessage, modalId,
                Map.of(ContextMenuListener.DRAFT_FIELD, edited));
        Call update = discord.awaitCallback(sent, WAIT);
        assertThat(update.body().get("type").asInt()).isEqualTo(7);
        assertThat(update.body().toString()).contains("추신").doesNotContain(canary);

        // someone else's press is refused; the instructor's posts the draft as a reply that mentions nobody
        long bobPress = discord.buttonPress(BOB, GUILD, CHANNEL, draftMessage, post);
        assertThat(discord.awaitCallback(bobPress, WAIT).body().toString()).contains("Only the instructor who made this draft");
        long press = discord.buttonPress(INES, GUILD, CHANNEL, draftMessage, post);
        Call reply = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + CHANNEL + "/messages")
                && c.body().has("message_reference"), WAIT);
        assertThat(reply.body().path("message_reference").path("message_id").asText()).isEqualTo(Long.toString(message));
        assertThat(reply.body().path("allowed_mentions").path("parse").size()).isZero();
        assertThat(reply.body().path("allowed_mentions").path("replied_user").asBoolean(true)).isFalse();
        assertThat(reply.body().get("content").asText()).contains("--gpus all").contains("— ines").contains("추신")
                .doesNotContain(canary);
        discord.awaitCall(c -> c.path().contains("/webhooks/") && String.valueOf(c.body()).contains("Posted as a reply"), WAIT);
        assertThat(discord.awaitCallback(press, WAIT).body().get("type").asInt()).isEqualTo(6);
        AuditRow posted = t.app.audit.list(Long.toString(INES.id()), "desk.reply", 1).get(0);
        assertThat(posted.outcome()).isEqualTo("done");
        assertThat(posted.origin()).isEqualTo("context_menu");
        assertThat(posted.args()).contains(Long.toString(message));

        // and "Show workspaces & hosts" on alice shows her workspace and her refused call
        long overview = discord.userContextMenu(INES, GUILD, CHANNEL, "Show workspaces & hosts", ALICE);
        String seen = DiscordBotTest.messageText(awaitFollowup(overview, "dd-gpu"));
        assertThat(seen).contains("dd-gpu (busybox-gpu)").contains("audit.list: denied").contains("local only");
        assertThat(discord.awaitCallback(overview, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);

        // the canary never left the bot, in any call
        for (Call c : discord.calls()) assertThat(String.valueOf(c.body())).doesNotContain(canary);
    }

    @Test
    void should_refuse_and_audit_a_learner_using_the_context_menus() {
        long message = discord.userMessage(ALICE, GUILD, CHANNEL, "my notebook cannot see the GPU");

        long draft = discord.messageContextMenu(BOB, GUILD, CHANNEL, "Diagnose & draft", message);
        long overview = discord.userContextMenu(BOB, GUILD, CHANNEL, "Show workspaces & hosts", ALICE);

        assertThat(DiscordBotTest.messageText(awaitFollowup(draft, "instructor"))).contains("desk.draft is for the instructor role");
        assertThat(DiscordBotTest.messageText(awaitFollowup(overview, "instructor"))).contains("desk.member is for the instructor role");
        for (String tool : List.of("desk.draft", "desk.member")) {
            AuditRow row = t.app.audit.list(Long.toString(BOB.id()), tool, 1).get(0);
            assertThat(row.outcome()).as(tool).isEqualTo("denied");
            assertThat(row.origin()).as(tool).isEqualTo("context_menu");
        }
        assertThat(discord.awaitCallback(draft, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        // nothing was posted in the channel
        assertThat(discord.calls()).noneMatch(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + CHANNEL + "/messages"));
    }

    @Test
    void should_queue_an_ask_the_notes_have_nothing_on_and_dm_the_learner_the_instructors_drafted_answer() {
        // the instructor has used the bot, so the desk knows whom to tell
        assertThat(DiscordBotTest.messageText(awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "queue", "list",
                Map.of()), "No open questions"))).contains("No open questions");

        long ask = discord.slashCommand(ALICE, GUILD, CHANNEL, "ask", null, Map.of("question", "what is the best banana bread recipe"));
        assertThat(DiscordBotTest.messageText(awaitFollowup(ask, "#"))).contains("강사에게 전달");
        Question q = t.app.desk.askedBy(Long.toString(ALICE.id()), 1).get(0);

        // the instructor is told by DM, and the staff channel gets it with [Claim]
        long inesDm = discord.dmChannelOf(INES.id());
        Call dm = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + inesDm + "/messages"), WAIT);
        assertThat(dm.body().get("content").asText()).contains("#" + q.id()).contains("alice").contains("banana bread");
        // the DM carries [Draft] [Claim] as well; a press there is the instructor's own gateway call
        assertThat(button(dm, NoticeButtons.PREFIX + "queue.claim")).contains(Long.toString(q.id()));
        long dmDraftPress = discord.buttonPress(INES, 0, inesDm, discord.sentMessageIds(inesDm).get(0),
                button(dm, NoticeButtons.PREFIX + "desk.draft"));
        assertThat(DiscordBotTest.messageText(awaitFollowup(dmDraftPress, "alice님"))).contains("— ines");
        assertThat(t.app.audit.list(Long.toString(INES.id()), "desk.draft", 1).get(0).origin()).isEqualTo("button");
        Call staff = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + STAFF_CHANNEL + "/messages"), WAIT);
        assertThat(staff.body().path("allowed_mentions").path("parse").size()).isZero();
        String claim = button(staff, ContextMenuListener.CLAIM);
        assertThat(claim).isEqualTo(ContextMenuListener.CLAIM + q.id());

        // claiming from the staff channel keeps other instructors off it; learners cannot claim
        long staffMessage = discord.sentMessageIds(STAFF_CHANNEL).get(0);
        long press = discord.buttonPress(INES, STAFF_GUILD, STAFF_CHANNEL, staffMessage, claim);
        assertThat(DiscordBotTest.messageText(awaitFollowup(press, "claimed"))).contains("You claimed question #" + q.id());
        long bobPress = discord.buttonPress(BOB, STAFF_GUILD, STAFF_CHANNEL, staffMessage, claim);
        assertThat(DiscordBotTest.messageText(awaitFollowup(bobPress, "instructor"))).contains("queue.claim is for the instructor role");
        // [Draft] shows her a draft in alice's language, kept with the question; [Send to the learner] answers with it
        long drafted = discord.buttonPress(INES, STAFF_GUILD, STAFF_CHANNEL, staffMessage,
                ContextMenuListener.QUESTION_DRAFT + q.id());
        Call draft = awaitFollowup(drafted, "alice님");
        assertThat(DiscordBotTest.messageText(draft)).contains("— ines");
        assertThat(discord.awaitCallback(drafted, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        long send = discord.buttonPress(INES, STAFF_GUILD, STAFF_CHANNEL, discord.originalMessageId(drafted),
                button(draft, ContextMenuListener.SEND));
        assertThat(DiscordBotTest.messageText(awaitFollowup(send, "closed"))).contains("answered and closed");
        long aliceDm = discord.dmChannelOf(ALICE.id());
        Call answered = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + aliceDm + "/messages"), WAIT);
        assertThat(answered.body().get("content").asText()).contains("ines").contains("#" + q.id()).contains("alice님");
        assertThat(t.app.desk.question(q.id()).orElseThrow().answered()).isTrue();
        // the learner cannot answer or list, and sees only her own
        assertThat(DiscordBotTest.messageText(awaitFollowup(discord.slashCommand(BOB, GUILD, CHANNEL, "queue", "list", Map.of()),
                "instructor"))).contains("queue.list is for the instructor role");
        assertThat(DiscordBotTest.messageText(awaitFollowup(discord.slashCommand(ALICE, GUILD, CHANNEL, "queue", "mine", Map.of()),
                "#" + q.id()))).contains("ines");
    }

    @Test
    void should_offer_the_asker_alone_to_put_an_answered_ask_to_the_instructor_in_one_press() {
        long ask = discord.slashCommand(ALICE, GUILD, CHANNEL, "ask", null,
                Map.of("question", "torch.cuda.is_available() is False in my container"));
        Call offer = awaitFollowup(ask, "강사에게 보낼 수 있습니다"); // alice's client is Korean
        assertThat(offer.body().path("flags").asInt() & 64).as("only the asker sees it").isEqualTo(64);
        String press = button(offer, AskFollowUp.PREFIX);
        long offered = discord.lastMessageId();

        // someone else's press queues nothing
        long bobs = discord.buttonPress(BOB, GUILD, CHANNEL, offered, press);
        assertThat(discord.awaitCallback(bobs, WAIT).body().path("data").path("content").asText()).contains("belongs to the member who asked");
        assertThat(t.app.desk.askedBy(Long.toString(BOB.id()), 5)).isEmpty();

        long alices = discord.buttonPress(ALICE, GUILD, CHANNEL, offered, press);
        assertThat(DiscordBotTest.messageText(awaitFollowup(alices, "#"))).contains("#");
        Question q = t.app.desk.askedBy(Long.toString(ALICE.id()), 1).get(0);
        assertThat(q.question()).contains("torch.cuda.is_available()");
        assertThat(t.app.audit.list(Long.toString(ALICE.id()), "queue.ask", 1).get(0).origin()).isEqualTo("button");
        // pressed once: the button is spent
        long again = discord.buttonPress(ALICE, GUILD, CHANNEL, offered, press);
        assertThat(discord.awaitCallback(again, WAIT).body().path("data").path("content").asText()).contains("만료");
    }

    private void gpuWorkspaceWithoutGpus(String owner, String name) {
        String id = t.app.docker.create(new ContainerPlan("lh-" + name, DockerPeer.TEST_IMAGE,
                List.of("httpd", "-f", "-p", "8888", "-h", "/www"), Map.of(),
                Map.of(Labels.WORKSPACE, UUID.randomUUID().toString(), Labels.OWNER, owner, Labels.NAME, name,
                        Labels.TEMPLATE, "busybox-gpu", Labels.INSTANCE, t.app.instanceId, "course", "labhand-tests"),
                Map.of(), "127.0.0.1", Map.of(), 256, 1, 64, false, "none", ""));
        t.app.docker.start(id);
        t.app.reconciler.run(); // adopted: ours, labelled, started without --gpus all
        assertThat(t.app.workspaces.byName(name)).isPresent();
    }

    private Call awaitFollowup(long interactionId, String containing) {
        return discord.awaitFollowup(interactionId, containing, DiscordBotTest::messageText, WAIT);
    }

    private static String button(Call c, String prefix) {
        List<String> ids = new ArrayList<>();
        for (JsonNode row : c.body().path("components")) {
            for (JsonNode b : row.path("components")) ids.add(b.path("custom_id").asText());
        }
        return ids.stream().filter(id -> id.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + prefix + " in " + c.body()));
    }

    private static JsonNode command(JsonNode commands, String name) {
        for (JsonNode c : commands) if (c.path("name").asText().equals(name)) return c;
        throw new AssertionError("no command " + name + " in " + commands);
    }
}
