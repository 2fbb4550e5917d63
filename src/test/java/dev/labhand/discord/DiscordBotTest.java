package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.audit.AuditRow;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Discord front end end to end: the real JDA client against the loopback fake Discord, the real
 * gateway, SQLite and Docker engine behind it.
 */
final class DiscordBotTest {
    static final long GUILD = 700000000000000001L;
    static final long CHANNEL = 700000000000000002L;
    static final long DM_CHANNEL = 700000000000000003L;
    static final long INSTRUCTOR_ROLE = 700000000000000010L;
    static final Duration WAIT = Duration.ofSeconds(20);

    static final User ALICE = new User(800000000000000001L, "alice", "ko", List.of());
    static final User BOB = new User(800000000000000002L, "bob", "en-US", List.of());
    static final User INES = new User(800000000000000003L, "ines", "en-US", List.of(INSTRUCTOR_ROLE));

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
    }

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (t != null) t.close();
        if (discord != null) discord.close();
    }

    @Test
    void should_register_commands_generated_from_the_catalog() throws Exception {
        start(DiscordBot.TOKEN_LIFE);

        Call put = discord.awaitCall(c -> c.method().equals("PUT") && c.path().endsWith("/guilds/" + GUILD + "/commands"), WAIT);

        JsonNode workspace = command(put.body(), "workspace");
        assertThat(workspace.get("name_localizations").get("ko").asText()).isEqualTo("작업공간");
        assertThat(workspace.get("description_localizations").get("ko").asText()).isNotBlank();
        assertThat(workspace.path("default_member_permissions").isNull()).isTrue();
        JsonNode create = sub(workspace, "create");
        JsonNode template = option(create, "template");
        assertThat(template.get("type").asInt()).isEqualTo(3);
        assertThat(template.get("required").asBoolean()).isTrue();
        assertThat(template.get("autocomplete").asBoolean()).isTrue();
        assertThat(option(create, "memory").get("min_value").asInt()).isEqualTo(1);
        assertThat(option(sub(workspace, "logs"), "lines").get("max_value").asInt()).isEqualTo(500);
        assertThat(option(sub(workspace, "status"), "name").get("autocomplete").asBoolean()).isTrue();
        // an area only instructors may use is hidden from members without Manage Server (bit 5 = 32)
        assertThat(command(put.body(), "audit").get("default_member_permissions").asText()).isEqualTo("32");
        assertThat(command(put.body(), "help")).isNotNull();
        // Discord allows 25 subcommands or options per command: the declared diagnostics must fit
        for (JsonNode c : put.body()) assertThat(c.path("options").size()).as(c.path("name").asText()).isLessThanOrEqualTo(25);
        // the cloud VM and host areas: Korean names, and open to learners (vm cost, host list)
        JsonNode vm = command(put.body(), "vm");
        assertThat(vm.path("default_member_permissions").isNull()).isTrue();
        JsonNode vmCreate = sub(vm, "create");
        assertThat(vmCreate.get("name_localizations").get("ko").asText()).isEqualTo("만들기");
        assertThat(option(vmCreate, "provider").get("choices").size()).isEqualTo(2);
        assertThat(option(vmCreate, "max-price").get("name_localizations").get("ko").asText()).isEqualTo("최대가격");
        assertThat(option(sub(vm, "stop"), "name").get("autocomplete").asBoolean()).isTrue();
        assertThat(command(put.body(), "host").get("name_localizations").get("ko").asText()).isEqualTo("호스트");
        JsonNode ask = command(put.body(), "ask");
        assertThat(option(ask, "question").get("required").asBoolean()).isTrue(); // a one-tool area is the command itself
    }

    @Test
    void should_defer_at_once_then_reply_with_the_workspace_privately() throws Exception {
        start(DiscordBot.TOKEN_LIFE);

        long id = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "create",
                Map.of("template", "busybox-cpu", "name", "dc-demo"));

        Call ack = discord.awaitCallback(id, WAIT);
        assertThat(ack.body().get("type").asInt()).isEqualTo(5);
        assertThat(ack.body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        Call edit = awaitFollowup(id, "docker run");
        String secret = t.app.workspaces.byName("dc-demo").orElseThrow().secret();
        assertThat(messageText(edit)).contains("작업공간 'dc-demo'").contains(secret).contains("docker run -d --name lh-dc-demo");
        WorkspaceRecord r = t.app.workspaces.byName("dc-demo").orElseThrow();
        assertThat(r.ownerId()).isEqualTo(Long.toString(ALICE.id()));
        assertThat(t.app.docker.inspect(r.containerId()).orElseThrow().running()).isTrue();
    }

    @Test
    void should_confirm_with_the_owners_button_and_refuse_anyone_elses() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        createFor(ALICE, "dc-rm");

        long ask = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "remove", Map.of("name", "dc-rm"));
        Call question = awaitFollowup(ask, "/confirm");
        String customId = confirmButton(question);
        assertThat(customId).matches("lh:confirm:[A-Z0-9]{6}");

        long bobPress = discord.buttonPress(BOB, GUILD, CHANNEL, discord.lastMessageId(), customId);
        Call refused = discord.awaitCallback(bobPress, WAIT);
        assertThat(refused.body().get("type").asInt()).isEqualTo(4);
        assertThat(refused.body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        assertThat(refused.body().toString()).contains("no pending confirmation");
        assertThat(t.app.workspaces.byName("dc-rm")).isPresent();

        long alicePress = discord.buttonPress(ALICE, GUILD, CHANNEL, discord.lastMessageId(), customId);
        Call update = discord.awaitCallback(alicePress, WAIT);
        assertThat(update.body().get("type").asInt()).isEqualTo(7);
        assertThat(update.body().toString()).contains("\"disabled\":true");
        awaitFollowup(alicePress, "dc-rm");
        assertThat(t.app.workspaces.byName("dc-rm")).isEmpty();
        assertThat(t.app.docker.inspect("lh-dc-rm")).isEmpty();
        List<String> outcomes = t.app.audit.list(null, null, 10).stream()
                .filter(a -> a.origin().equals("button")).map(AuditRow::outcome).toList();
        // newest first: the second press refused, the owner's outcome, and the row written before it acted
        assertThat(outcomes).containsExactly("done", "started", "invalid");
    }

    @Test
    void should_answer_an_expired_button_and_disable_it() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        createFor(ALICE, "dc-exp");
        long ask = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "remove", Map.of("name", "dc-exp"));
        String customId = confirmButton(awaitFollowup(ask, "/confirm"));

        clock.advance(Duration.ofMinutes(6));
        long press = discord.buttonPress(ALICE, GUILD, CHANNEL, discord.lastMessageId(), customId);

        assertThat(discord.awaitCallback(press, WAIT).body().toString()).contains("\"disabled\":true");
        assertThat(messageText(awaitFollowup(press, "만료"))).contains("만료");
        assertThat(t.app.workspaces.byName("dc-exp")).isPresent();
    }

    @Test
    void should_suggest_only_the_callers_own_workspaces() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        createFor(ALICE, "dc-auto-a");
        createFor(BOB, "dc-auto-b");

        long aliceAsks = discord.autocomplete(ALICE, GUILD, CHANNEL, "workspace", "status", Map.of("name", "dc"), "name");
        long inesAsks = discord.autocomplete(INES, GUILD, CHANNEL, "workspace", "status", Map.of("name", "dc-auto"), "name");
        long templates = discord.autocomplete(BOB, GUILD, CHANNEL, "workspace", "create", Map.of("template", "busy"), "template");

        assertThat(choices(discord.awaitCallback(aliceAsks, WAIT))).containsExactly("dc-auto-a");
        assertThat(choices(discord.awaitCallback(inesAsks, WAIT))).containsExactly("dc-auto-a", "dc-auto-b");
        assertThat(choices(discord.awaitCallback(templates, WAIT)))
                .containsExactlyInAnyOrder("busybox-broken", "busybox-cpu", "busybox-gpu", "busybox-rstudio");
    }

    @Test
    void should_refuse_and_audit_a_learner_calling_an_instructor_tool() throws Exception {
        start(DiscordBot.TOKEN_LIFE);

        long id = discord.slashCommand(BOB, GUILD, CHANNEL, "audit", "list", Map.of());
        assertThat(messageText(awaitFollowup(id, "instructor"))).contains("audit.list is for the instructor role");

        AuditRow row = t.app.audit.list(Long.toString(BOB.id()), "audit.list", 1).get(0);
        assertThat(row.outcome()).isEqualTo("denied");
        assertThat(row.origin()).isEqualTo("slash");
        long allowed = discord.slashCommand(INES, GUILD, CHANNEL, "audit", "list", Map.of("limit", 5));
        assertThat(messageText(awaitFollowup(allowed, "Newest"))).contains("audit.list").contains("denied");
    }

    @Test
    void should_answer_direct_messages_and_keep_secrets_out_of_channels() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        createFor(BOB, "dc-dm");

        discord.message(BOB, 0, DM_CHANNEL, "/workspace connect name:dc-dm", false);
        Call dm = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + DM_CHANNEL + "/messages"), WAIT);
        String secret = t.app.workspaces.byName("dc-dm").orElseThrow().secret();
        assertThat(dm.body().get("content").asText()).contains(secret);

        int before = discord.calls().size();
        discord.message(BOB, GUILD, CHANNEL, "<@" + FakeDiscord.BOT_ID + "> /workspace connect name:dc-dm", true);
        Call notice = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + CHANNEL + "/messages"), WAIT);
        assertThat(notice.body().get("content").asText()).contains("direct message").doesNotContain(secret);
        discord.awaitCall(c -> c.path().endsWith("/users/@me/channels"), WAIT);
        // nothing sent to the guild channel, in any call, carries the secret
        for (Call c : new ArrayList<>(discord.calls()).subList(before, discord.calls().size())) {
            if (c.path().contains("/channels/" + CHANNEL + "/")) assertThat(String.valueOf(c.body())).doesNotContain(secret);
        }

        // a plain sentence goes to the offline router, which asks one short question back
        discord.message(BOB, 0, DM_CHANNEL, "안녕 GPU 작업공간 만들어줘", false);
        Call question = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + DM_CHANNEL + "/messages")
                && String.valueOf(c.body()).contains("busybox-cpu"), WAIT);
        assertThat(question.body().get("content").asText()).contains("?");
    }

    @Test
    void should_mark_every_reply_that_holds_a_secret_ephemeral() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        long create = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "create",
                Map.of("template", "busybox-rstudio", "name", "dc-sec"));
        awaitFollowup(create, "dc-sec");
        long connect = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "connect", Map.of("name", "dc-sec"));
        awaitFollowup(connect, "rstudio");
        String secret = t.app.workspaces.byName("dc-sec").orElseThrow().secret();

        for (long id : new long[] {create, connect}) {
            assertThat(discord.awaitCallback(id, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        }
        // every call in the whole session that carries the secret belongs to an ephemeral interaction
        for (Call c : discord.calls()) {
            if (String.valueOf(c.body()).contains(secret)) {
                assertThat(c.path()).contains("/webhooks/");
            }
        }
    }

    @Test
    void should_finish_an_operation_across_a_gateway_reconnect() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        long id = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "create",
                Map.of("template", "busybox-cpu", "name", "dc-recon"));
        discord.awaitCallback(id, WAIT);

        discord.dropGateway();

        awaitFollowup(id, "dc-recon");
        discord.awaitReady(WAIT);
        assertThat(discord.resumes() + discord.identifies()).isGreaterThanOrEqualTo(2);
        long after = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "list", Map.of());
        assertThat(messageText(awaitFollowup(after, "dc-recon"))).contains("dc-recon");
    }

    @Test
    void should_show_progress_of_a_pull_by_editing_the_reply() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        DockerPeer.requireRegistry();
        DockerPeer.removeImage(DockerPeer.REGISTRY_IMAGE);
        try {
            long id = discord.slashCommand(INES, GUILD, CHANNEL, "image", "pull", Map.of("image", DockerPeer.REGISTRY_IMAGE));

            Call done = awaitFollowup(id, "is ready");
            List<String> texts = discord.followups(id).stream().map(DiscordBotTest::messageText).toList();
            assertThat(texts.get(0)).isEqualTo("⏳ pulling " + DockerPeer.REGISTRY_IMAGE);
            assertThat(messageText(done)).contains("docker pull " + DockerPeer.REGISTRY_IMAGE);
            assertThat(discord.awaitCallback(id, WAIT).body().path("data").path("flags").asInt() & 64).isZero();
        } finally {
            DockerPeer.removeImage(DockerPeer.REGISTRY_IMAGE);
        }
    }

    @Test
    void should_plan_a_vm_for_an_instructor_and_dm_notices_to_members() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        t.app.notices.deliverWith(bot::directMessage);

        long id = discord.slashCommand(INES, GUILD, CHANNEL, "vm", "create",
                Map.of("provider", "azure", "name", "dc-gpu", "plan", "true"));
        Call plan = awaitFollowup(id, "az vm create");
        assertThat(messageText(plan)).contains("dc-gpu").contains("Standard_NC4as_T4_v3");
        assertThat(t.app.hosts.byName("dc-gpu")).isEmpty();

        // a notice (here an eviction) reaches the member by DM, in the language Discord gave them
        awaitFollowup(discord.slashCommand(ALICE, GUILD, CHANNEL, "host", "list", Map.of()), "docker context ls");
        t.app.notices.notify(Long.toString(ALICE.id()), "vm.evicted.notice", "name", "gpu1", "provider", "azure");
        long dm = discord.dmChannelOf(ALICE.id());
        Call sent = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + dm + "/messages"), WAIT);
        assertThat(sent.body().get("content").asText()).contains("gpu1").contains("회수");
    }

    @Test
    void should_register_members_with_their_discord_language_and_role() throws Exception {
        start(DiscordBot.TOKEN_LIFE);

        awaitFollowup(discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "list", Map.of()), "docker ps");
        awaitFollowup(discord.slashCommand(INES, GUILD, CHANNEL, "workspace", "list", Map.of()), "docker ps");

        try (var db = dev.labhand.store.Database.open(dir.resolve("labhand.db"))) {
            var rows = db.tx(c -> dev.labhand.store.Sql.list(c, "SELECT id, role, locale FROM members ORDER BY id",
                    rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)));
            assertThat(rows).contains(ALICE.id() + " learner ko", INES.id() + " instructor en");
        }
    }

    @Test
    void should_finish_running_work_before_shutting_down() throws Exception {
        start(DiscordBot.TOKEN_LIFE);
        long id = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "create",
                Map.of("template", "busybox-cpu", "name", "dc-shut"));
        discord.awaitCallback(id, WAIT);

        bot.close();
        bot = null;

        assertThat(t.app.workspaces.byName("dc-shut").orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.RUNNING);
        awaitFollowup(id, "docker run");
    }

    @Test
    void should_post_in_the_channel_or_dm_once_the_interaction_token_has_expired() throws Exception {
        start(Duration.ZERO);
        createFor(INES, "dc-late");

        long pub = discord.slashCommand(INES, GUILD, CHANNEL, "image", "list", Map.of());
        Call channelPost = discord.awaitCall(c -> c.method().equals("POST")
                && c.path().endsWith("/channels/" + CHANNEL + "/messages"), WAIT);
        assertThat(channelPost.body().get("content").asText()).contains("<@" + INES.id() + ">").contains("image");
        assertThat(discord.awaitCallback(pub, WAIT).body().get("type").asInt()).isEqualTo(5);

        discord.slashCommand(INES, GUILD, CHANNEL, "workspace", "connect", Map.of("name", "dc-late"));
        discord.awaitCall(c -> c.path().endsWith("/users/@me/channels"), WAIT);
    }

    private void createFor(User user, String name) {
        var caller = new dev.labhand.tool.Caller(Long.toString(user.id()), user.name(),
                user.roles().isEmpty() ? dev.labhand.tool.Role.LEARNER : dev.labhand.tool.Role.INSTRUCTOR,
                dev.labhand.tool.Caller.Lang.EN, "setup");
        assertThat(t.call(caller, "workspace.create", Map.of("template", "busybox-cpu", "name", name)))
                .isInstanceOf(dev.labhand.tool.Outcome.Done.class);
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

    /** Content plus embed descriptions of a message payload. */
    static String messageText(Call c) {
        if (c.body() == null) return "";
        StringBuilder sb = new StringBuilder(c.body().path("content").asText(""));
        for (JsonNode e : c.body().path("embeds")) sb.append('\n').append(e.path("description").asText(""));
        return sb.toString();
    }

    static String confirmButton(Call c) {
        for (JsonNode row : c.body().path("components")) {
            for (JsonNode b : row.path("components")) {
                if (b.path("custom_id").asText().startsWith("lh:confirm:")) return b.path("custom_id").asText();
            }
        }
        throw new AssertionError("no confirm button in " + c.body());
    }

    static List<String> choices(Call c) {
        List<String> out = new ArrayList<>();
        for (JsonNode ch : c.body().path("data").path("choices")) out.add(ch.path("value").asText());
        return out;
    }

    static JsonNode command(JsonNode commands, String name) {
        for (JsonNode c : commands) if (c.path("name").asText().equals(name)) return c;
        throw new AssertionError("no command " + name + " in " + commands);
    }

    static JsonNode sub(JsonNode command, String name) {
        for (JsonNode o : command.path("options")) if (o.path("name").asText().equals(name)) return o;
        throw new AssertionError("no subcommand " + name);
    }

    static JsonNode option(JsonNode sub, String name) {
        for (JsonNode o : sub.path("options")) if (o.path("name").asText().equals(name)) return o;
        throw new AssertionError("no option " + name);
    }
}
