package dev.labhand.discord;

import static dev.labhand.discord.DiscordBotTest.messageText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.audit.AuditRow;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.discord.support.MentionCheck;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What members cannot misuse in the bot's public answers, end to end (the real JDA client against the
 * loopback fake Discord, SQLite and the Docker engine): no message mentions anyone, member text is inert,
 * refusals are shown only to the asker, DMs speak the member's language, lists name owners by name.
 */
final class DiscordReplySafetyTest {
    static final long GUILD = 710000000000000001L;
    static final long CHANNEL = 710000000000000002L;
    static final long DM_CHANNEL = 710000000000000003L;
    static final long INSTRUCTOR_ROLE = 710000000000000010L;
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ZWJ = "\u200D";

    static final User ALICE = new User(810000000000000001L, "alice", "ko", List.of());
    static final User BOB = new User(810000000000000002L, "bob", "en-US", List.of());
    static final User INES = new User(810000000000000003L, "ines", "en-US", List.of(INSTRUCTOR_ROLE));

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private TestApp t;
    private DiscordBot bot;
    private final MutableClock clock = new MutableClock(Instant.now());

    private void start(Duration tokenLife) throws Exception {
        discord = FakeDiscord.start();
        discord.addGuild(GUILD, Map.of(INSTRUCTOR_ROLE, "Instructor"), CHANNEL);
        t = new TestApp(dir, "", discord.botConfig(GUILD), clock);
        bot = discord.startBot(t, tokenLife);
        t.app.notices.deliverWith(bot::directMessage);
    }

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (t != null) t.close();
        if (discord != null) discord.close();
    }

    @Test
    void should_mention_nobody_in_any_message_and_render_member_text_inert() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        String hostile = "@everyone <@" + BOB.id() + ">";
        String role = "<@&" + INSTRUCTOR_ROLE + ">";

        // refusals echoing member text, on public commands
        long echo = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "stop", Map.of("name", hostile));
        Call refused = awaitFollowup(echo, "everyone");
        long echoRole = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "start", Map.of("name", role));
        Call refusedRole = awaitFollowup(echoRole, "" + INSTRUCTOR_ROLE);
        // a public answer (deferred edit), a private one with progress edits, a confirmation with buttons
        long images = discord.slashCommand(INES, GUILD, CHANNEL, "image", "list", Map.of());
        awaitFollowup(images, "docker images");
        long create = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "create",
                Map.of("template", "busybox-cpu", "name", "mn-pings"));
        awaitFollowup(create, "docker run");
        long remove = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "remove", Map.of("name", "mn-pings"));
        String button = DiscordBotTest.confirmButton(awaitFollowup(remove, "/confirm"));
        long press = discord.buttonPress(BOB, GUILD, CHANNEL, discord.lastMessageId(), button);
        awaitFollowup(press, "mn-pings");
        // a mention in the channel (answered by DM, with a reply in the channel), a DM, a notice by DM
        discord.message(BOB, GUILD, CHANNEL, "/workspace status name:@here", true);
        awaitCall(c -> c.is("POST", "channels/" + CHANNEL + "/messages"));
        long bobDm = discord.dmChannelOf(BOB.id());
        discord.message(BOB, 0, bobDm, "/workspace list " + hostile + " " + role, false);
        awaitCall(c -> c.is("POST", "channels/" + bobDm + "/messages") && messageText(c).contains("/workspace"));
        bot.directMessage(Long.toString(BOB.id()), "notice for " + hostile);
        awaitCall(c -> c.is("POST", "channels/" + bobDm + "/messages") && messageText(c).contains("notice for"));

        // member text comes back inert: a zero-width joiner after every @
        assertThat(messageText(refused)).contains("<@" + ZWJ + BOB.id() + ">").contains("@" + ZWJ + "everyone")
                .doesNotContain("<@" + BOB.id() + ">").doesNotContain(":@everyone");
        assertThat(messageText(refusedRole)).contains("<@" + ZWJ + "&" + INSTRUCTOR_ROLE + ">").doesNotContain(role);
        // every message the bot sent, edits included, says "mention nobody", and nothing in any of them would notify
        List<Call> messages = discord.calls().stream().filter(MentionCheck::sendsMessage).toList();
        assertThat(messages).hasSizeGreaterThan(10);
        for (Call c : messages) {
            JsonNode allowed = MentionCheck.message(c).get("allowed_mentions");
            assertThat(allowed).as("allowed_mentions of %s", c).isNotNull();
            assertThat(allowed.path("parse").isArray() && allowed.path("parse").isEmpty()).as("parse of %s", c).isTrue();
            assertThat(allowed.path("users").size() + allowed.path("roles").size()).as("named in %s", c).isZero();
        }
        assertThat(MentionCheck.leaks(discord.calls())).isEmpty();
    }

    @Test
    void should_mention_only_the_asker_when_a_late_answer_goes_to_the_channel() throws Exception {
        start(Duration.ZERO);

        discord.slashCommand(INES, GUILD, CHANNEL, "image", "list", Map.of());

        Call late = awaitCall(c -> c.is("POST", "channels/" + CHANNEL + "/messages"));
        assertThat(late.body().path("content").asText()).startsWith("<@" + INES.id() + ">");
        assertThat(late.body().path("allowed_mentions").path("parse").isEmpty()).isTrue();
        assertThat(MentionCheck.pings(late)).containsExactly("user:" + INES.id());
    }

    @Test
    void should_refuse_another_members_workspace_privately_and_audit_it() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        createBySlash(ALICE, "mn-alices");

        long id = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "stop", Map.of("name", "mn-alices"));

        // acknowledged publicly (stop answers in the channel), so the refusal must not stay there
        Call ack = discord.awaitCallback(id, WAIT);
        assertThat(ack.body().path("data").path("flags").asInt() & 64).isZero();
        Call refusal = awaitFollowup(id, "another member");
        assertThat(refusal.method()).isEqualTo("POST");
        assertThat(refusal.body().path("flags").asInt() & 64).isEqualTo(64);
        awaitCall(c -> c.method().equals("DELETE") && c.path().contains("/messages/@original"));
        // nothing public, sent or left behind, names Alice's workspace
        for (Call c : discord.followups(id)) {
            boolean ephemeral = c.body() != null && (c.body().path("flags").asInt() & 64) != 0;
            if (!ephemeral) assertThat(messageText(c)).as("public %s", c).doesNotContain("mn-alices");
        }
        for (long m : discord.sentMessageIds(CHANNEL)) {
            JsonNode stored = discord.sentMessage(m);
            if (stored != null && (stored.path("flags").asInt() & 64) == 0) {
                assertThat(stored.toString()).as("public message %d", m).doesNotContain("mn-alices");
            }
        }
        AuditRow row = t.app.audit.list(Long.toString(BOB.id()), "workspace.stop", 1).get(0);
        assertThat(row.outcome()).isEqualTo("denied");
        assertThat(t.app.workspaces.byName("mn-alices").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
    }

    @Test
    void should_resolve_the_public_message_before_a_secret_goes_to_an_ephemeral_follow_up() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        // a tool answered in public whose answer turns out to hold a secret
        t.app.gateway.catalog().register(new dev.labhand.tool.Tool() {
            @Override
            public dev.labhand.tool.ToolSpec spec() {
                return dev.labhand.tool.ToolSpec.of("mnsecret.show", dev.labhand.tool.Risk.READ, dev.labhand.tool.Role.LEARNER);
            }

            @Override
            public dev.labhand.tool.Outcome run(dev.labhand.tool.Invocation call) {
                return new dev.labhand.tool.Outcome.Done("token: mn-s3cret-token", null, true);
            }
        });

        long id = discord.slashCommand(BOB, GUILD, CHANNEL, "mnsecret", "show", Map.of());

        assertThat(discord.awaitCallback(id, WAIT).body().path("data").path("flags").asInt() & 64).isZero();
        Call secret = awaitFollowup(id, "mn-s3cret-token");
        assertThat(secret.method()).isEqualTo("POST");
        assertThat(secret.body().path("flags").asInt() & 64).isEqualTo(64);
        // the public message was edited first: a follow-up to a message still loading would have replaced it
        List<Call> calls = discord.followups(id);
        assertThat(calls.get(0).method()).isEqualTo("PATCH");
        assertThat(messageText(calls.get(0))).doesNotContain("mn-s3cret-token");
        for (long m : discord.sentMessageIds(CHANNEL)) {
            JsonNode stored = discord.sentMessage(m);
            if (stored != null && (stored.path("flags").asInt() & 64) == 0) {
                assertThat(stored.toString()).as("public message %d", m).doesNotContain("mn-s3cret-token");
            }
        }
    }

    @Test
    void should_answer_a_korean_member_in_korean_by_dm_and_keep_their_language() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        // Alice's Korean client registered her language; the configured default is English
        awaitFollowup(discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "list", Map.of()), "docker ps");
        assertThat(t.app.config.defaultLocale()).startsWith("en");

        discord.message(ALICE, 0, DM_CHANNEL, "/workspace list", false);

        Call reply = awaitCall(c -> c.is("POST", "channels/" + DM_CHANNEL + "/messages"));
        assertThat(messageText(reply)).contains("아직 작업공간이 없습니다");
        assertThat(t.app.members.knownLocale(Long.toString(ALICE.id()))).contains(dev.labhand.tool.Caller.Lang.KO);
        // a mention in the channel carries no language either
        discord.message(ALICE, GUILD, CHANNEL, "/workspace list", true);
        Call mention = awaitCall(c -> c.is("POST", "channels/" + CHANNEL + "/messages"));
        assertThat(messageText(mention)).contains("DM");
        long aliceDm = discord.dmChannelOf(ALICE.id());
        // and a notice the bot DMs her later (a spot eviction) is Korean too
        t.app.notices.notify(Long.toString(ALICE.id()), "vm.evicted.notice", "name", "gpu1", "provider", "azure");
        Call notice = awaitCall(c -> c.is("POST", "channels/" + aliceDm + "/messages") && messageText(c).contains("gpu1"));
        assertThat(messageText(notice)).contains("회수");
        // a member the bot has never seen gets the configured default
        User stranger = new User(810000000000000009L, "carol", "ko", List.of());
        long strangerDm = 710000000000000009L;
        discord.message(stranger, 0, strangerDm, "/workspace list", false);
        assertThat(messageText(awaitCall(c -> c.is("POST", "channels/" + strangerDm + "/messages"))))
                .contains("You have no workspaces yet");
    }

    @Test
    void should_show_owners_by_their_display_name_not_their_id() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        createBySlash(ALICE, "mn-own-a");
        createBySlash(BOB, "mn-own-b");

        long id = discord.slashCommand(INES, GUILD, CHANNEL, "workspace", "list", Map.of());

        String list = messageText(awaitFollowup(id, "mn-own-b"));
        assertThat(list).contains("mn-own-a").contains("owner alice").contains("owner bob")
                .doesNotContain(Long.toString(ALICE.id())).doesNotContain(Long.toString(BOB.id()));

        // hosts too: the owner and the members assigned to it, in a list learners see in public
        awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "host", "list", Map.of()), "docker context ls");
        Instant now = Instant.now();
        t.app.hosts.insert(new dev.labhand.store.HostRecord("mn-gpu", "ssh", Long.toString(INES.id()), null, null, false,
                Map.of(), "127.0.0.1", 22, "labhand", null, "stopped", null, null, null, now, now));
        t.app.hosts.assign("mn-gpu", Long.toString(ALICE.id()), Long.toString(INES.id()));
        t.app.hosts.assign("mn-gpu", Long.toString(BOB.id()), Long.toString(INES.id()));
        String hosts = messageText(awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "host", "list", Map.of()),
                "mn-gpu"));
        assertThat(hosts).contains("owner ines").contains("alice").contains("bob")
                .doesNotContain(Long.toString(INES.id())).doesNotContain(Long.toString(ALICE.id()));
        String asBob = messageText(awaitFollowup(discord.slashCommand(BOB, GUILD, CHANNEL, "host", "list", Map.of()),
                "mn-gpu"));
        assertThat(asBob).contains("owner ines").doesNotContain(Long.toString(INES.id()));
    }

    private void createBySlash(User user, String name) {
        long id = discord.slashCommand(user, GUILD, CHANNEL, "workspace", "create",
                Map.of("template", "busybox-cpu", "name", name));
        awaitFollowup(id, "docker run");
        assertThat(t.app.workspaces.byName(name)).isPresent();
    }

    private Call awaitCall(Predicate<Call> match) {
        return discord.awaitCall(match, WAIT);
    }

    private Call awaitFollowup(long interactionId, String containing) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Call c : discord.followups(interactionId)) {
                if (messageText(c).contains(containing)) return c;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no follow-up containing '" + containing + "' for " + interactionId + ": "
                + discord.followups(interactionId));
    }
}
