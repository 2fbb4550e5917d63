package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.discord.support.FakeDiscord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real JDA 6.5 client against {@link FakeDiscord}: handshake, commands, interactions, messages, resume. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class FakeDiscordSmokeTest {
    private static final long GUILD = 910000000000000001L;
    private static final long CHANNEL = 910000000000000002L;
    private static final long ROLE_STUDENT = 910000000000000003L;
    private static final long ROLE_TA = 910000000000000004L;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final FakeDiscord.User KO_TA =
            new FakeDiscord.User(920000000000000001L, "minji", "ko", List.of(ROLE_TA, ROLE_STUDENT));
    private static final FakeDiscord.User EN_STUDENT =
            new FakeDiscord.User(920000000000000002L, "alex", "en-US", List.of(ROLE_STUDENT));

    private static FakeDiscord fake;
    private static JDA jda;
    private static final Recorder recorder = new Recorder();

    @BeforeAll
    static void startJda() throws Exception {
        fake = FakeDiscord.start();
        fake.addGuild(GUILD, Map.of(ROLE_STUDENT, "student", ROLE_TA, "ta"), CHANNEL);
        long started = System.nanoTime();
        jda = JDABuilder.createLight(FakeDiscord.TOKEN,
                        EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES))
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                .setSessionController(fake.sessionController())
                .setCompression(Compression.NONE)
                .addEventListeners(recorder)
                .build();
        recorder.await(ReadyEvent.class, e -> true, WAIT);
        long readyMillis = (System.nanoTime() - started) / 1_000_000;
        long firstRestMillis = (fake.calls().get(0).receivedNanos() - started) / 1_000_000;
        System.out.printf("FakeDiscord: JDA build() -> ReadyEvent took %d ms (first REST call after %d ms;"
                + " fake IDENTIFY -> READY + GUILD_CREATE sent in %d ms)%n",
                readyMillis, firstRestMillis, fake.lastIdentifyToReady().toMillis());
        assertThat(readyMillis).as("READY within 10 s").isLessThan(10_000);
    }

    @AfterAll
    static void stopJda() throws Exception {
        try {
            if (jda != null) {
                jda.shutdownNow();
                assertThat(jda.awaitShutdown(Duration.ofSeconds(10))).as("JDA shut down").isTrue();
            }
        } finally {
            if (fake != null) {
                fake.close();
            }
        }
    }

    @Test
    void should_receive_ready_and_the_guild_with_its_roles_and_channel() {
        assertThat(jda.getStatus()).isEqualTo(JDA.Status.CONNECTED);
        assertThat(jda.getSelfUser().getIdLong()).isEqualTo(FakeDiscord.BOT_ID);
        assertThat(jda.getSelfUser().getApplicationIdLong()).isEqualTo(FakeDiscord.APP_ID);
        Guild guild = jda.getGuildById(GUILD);
        assertThat(guild).isNotNull();
        assertThat(guild.getRoles()).extracting(ISnowflake::getIdLong).contains(ROLE_STUDENT, ROLE_TA, GUILD);
        assertThat(guild.getRoleById(ROLE_TA).getName()).isEqualTo("ta");
        assertThat(guild.getTextChannelById(CHANNEL)).isNotNull();
        assertThat(guild.getSelfMember().hasPermission(net.dv8tion.jda.api.Permission.ADMINISTRATOR)).isTrue();
        assertThat(fake.identifies()).isGreaterThanOrEqualTo(1);
        assertThat(fake.calls()).anyMatch(c -> c.is("GET", "users/@me"));
    }

    @Test
    void should_register_guild_commands_with_the_expected_json() throws Exception {
        int from = fake.calls().size();
        List<Command> registered = jda.getGuildById(GUILD).updateCommands()
                .addCommands(Commands.slash("workspace", "Manage your workspace").addSubcommands(
                        new SubcommandData("create", "Create a workspace")
                                .addOption(OptionType.STRING, "template", "Template", true, true)
                                .addOption(OptionType.INTEGER, "count", "How many"),
                        new SubcommandData("delete", "Delete a workspace")))
                .submit().get(10, TimeUnit.SECONDS);

        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).getIdLong()).isPositive();
        assertThat(registered.get(0).getSubcommands()).extracting(Command.Subcommand::getName)
                .containsExactly("create", "delete");

        FakeDiscord.Call put = fake.awaitCall(from, c -> c.is("PUT",
                "applications/" + FakeDiscord.APP_ID + "/guilds/" + GUILD + "/commands"), WAIT);
        JsonNode command = put.body().get(0);
        assertThat(put.body()).hasSize(1);
        assertThat(command.path("name").asText()).isEqualTo("workspace");
        assertThat(command.path("type").asInt()).isEqualTo(1);
        JsonNode create = command.path("options").get(0);
        assertThat(create.path("type").asInt()).isEqualTo(1);
        assertThat(create.path("name").asText()).isEqualTo("create");
        JsonNode template = create.path("options").get(0);
        assertThat(template.path("name").asText()).isEqualTo("template");
        assertThat(template.path("type").asInt()).isEqualTo(3);
        assertThat(template.path("required").asBoolean()).isTrue();
        assertThat(template.path("autocomplete").asBoolean()).isTrue();
        assertThat(create.path("options").get(1).path("type").asInt()).isEqualTo(4);
        assertThat(fake.registeredCommands(GUILD).get(0).path("id").asLong()).isEqualTo(registered.get(0).getIdLong());
    }

    @Test
    void should_receive_a_slash_command_and_see_the_deferred_reply() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("template", "python");
        options.put("count", 2);
        long id = fake.slashCommand(KO_TA, GUILD, CHANNEL, "workspace", "create", options);

        SlashCommandInteractionEvent event = recorder.await(SlashCommandInteractionEvent.class,
                e -> e.getInteraction().getIdLong() == id, WAIT);
        assertThat(event.getUser().getIdLong()).isEqualTo(KO_TA.id());
        assertThat(event.getUserLocale()).isEqualTo(DiscordLocale.KOREAN);
        assertThat(event.getMember()).isNotNull();
        assertThat(event.getMember().getRoles()).extracting(ISnowflake::getIdLong)
                .containsExactlyInAnyOrder(ROLE_TA, ROLE_STUDENT);
        assertThat(event.getName()).isEqualTo("workspace");
        assertThat(event.getSubcommandName()).isEqualTo("create");
        assertThat(event.getOption("template").getAsString()).isEqualTo("python");
        assertThat(event.getOption("count").getAsLong()).isEqualTo(2);
        assertThat(event.isFromGuild()).isTrue();
        assertThat(event.getChannel().getIdLong()).isEqualTo(CHANNEL);

        FakeDiscord.Call callback = fake.awaitCallback(id, WAIT);
        assertThat(callback.body().path("type").asInt()).isEqualTo(5);
        assertThat(callback.body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        FakeDiscord.Call followup = awaitFollowup(id);
        assertThat(followup.method()).isEqualTo("POST");
        assertThat(followup.body().path("content").asText()).isEqualTo("x");
        // JDA's hook does not repeat the ephemeral flag; Discord keeps the deferred reply's ephemerality
        assertThat(followup.body().path("flags").asInt() & 64).isZero();
        JsonNode shown = fake.sentMessage(fake.lastMessageId());
        assertThat(shown.path("content").asText()).isEqualTo("x");
        assertThat(shown.path("flags").asInt() & 64).isEqualTo(64);
    }

    @Test
    void should_receive_a_slash_command_in_a_dm() {
        long dm = fake.dmChannelOf(KO_TA.id());
        long id = fake.slashCommand(KO_TA, 0, dm, "workspace", "delete", Map.of("force", true));

        SlashCommandInteractionEvent event = recorder.await(SlashCommandInteractionEvent.class,
                e -> e.getInteraction().getIdLong() == id, WAIT);
        assertThat(event.isFromGuild()).isFalse();
        assertThat(event.getMember()).isNull();
        assertThat(event.getUser().getIdLong()).isEqualTo(KO_TA.id());
        assertThat(event.getContext()).isEqualTo(InteractionContextType.BOT_DM);
        assertThat(event.getChannel().getIdLong()).isEqualTo(dm);
        assertThat(event.getOption("force").getAsBoolean()).isTrue();
        assertThat(fake.awaitCallback(id, WAIT).body().path("type").asInt()).isEqualTo(5);
    }

    @Test
    void should_receive_a_button_press_on_a_message_the_bot_sent() throws Exception {
        Message sent = jda.getTextChannelById(CHANNEL).sendMessage("Delete the workspace?")
                .addComponents(ActionRow.of(Button.danger("ws:delete:confirm", "Delete")))
                .submit().get(10, TimeUnit.SECONDS);
        FakeDiscord.Call post = fake.awaitCall(c -> c.is("POST", "channels/" + CHANNEL + "/messages")
                && c.body().path("content").asText().equals("Delete the workspace?"), WAIT);
        assertThat(post.body().path("components").get(0).path("components").get(0).path("custom_id").asText())
                .isEqualTo("ws:delete:confirm");

        long id = fake.buttonPress(EN_STUDENT, GUILD, CHANNEL, sent.getIdLong(), "ws:delete:confirm");

        ButtonInteractionEvent event = recorder.await(ButtonInteractionEvent.class,
                e -> e.getInteraction().getIdLong() == id, WAIT);
        assertThat(event.getComponentId()).isEqualTo("ws:delete:confirm");
        assertThat(event.getMessageIdLong()).isEqualTo(sent.getIdLong());
        assertThat(event.getButton()).isNotNull();
        assertThat(event.getButton().getLabel()).isEqualTo("Delete");
        assertThat(event.getUser().getIdLong()).isEqualTo(EN_STUDENT.id());

        FakeDiscord.Call callback = fake.awaitCallback(id, WAIT);
        assertThat(callback.body().path("type").asInt()).isEqualTo(4);
        assertThat(callback.body().path("data").path("content").asText()).isEqualTo("pressed ws:delete:confirm");
    }

    @Test
    void should_answer_autocomplete_with_choices() {
        long id = fake.autocomplete(KO_TA, GUILD, CHANNEL, "workspace", "create", Map.of("template", "py"),
                "template");

        CommandAutoCompleteInteractionEvent event = recorder.await(CommandAutoCompleteInteractionEvent.class,
                e -> e.getInteraction().getIdLong() == id, WAIT);
        assertThat(event.getFocusedOption().getName()).isEqualTo("template");
        assertThat(event.getFocusedOption().getValue()).isEqualTo("py");
        assertThat(event.getSubcommandName()).isEqualTo("create");

        FakeDiscord.Call callback = fake.awaitCallback(id, WAIT);
        assertThat(callback.body().path("type").asInt()).isEqualTo(8);
        JsonNode choices = callback.body().path("data").path("choices");
        assertThat(choices).hasSize(2);
        assertThat(choices.get(0).path("name").asText()).isEqualTo("python");
        assertThat(choices.get(0).path("value").asText()).isEqualTo("python");
    }

    @Test
    void should_receive_a_dm_and_answer_through_a_private_channel() throws Exception {
        long dm = fake.dmChannelOf(EN_STUDENT.id());
        fake.message(EN_STUDENT, 0, dm, "hello bot", false);

        MessageReceivedEvent event = recorder.await(MessageReceivedEvent.class,
                e -> !e.isFromGuild() && e.getMessage().getContentRaw().equals("hello bot"), WAIT);
        assertThat(event.getAuthor().getIdLong()).isEqualTo(EN_STUDENT.id());
        assertThat(event.getChannel().getIdLong()).isEqualTo(dm);

        FakeDiscord.Call reply = fake.awaitCall(c -> c.is("POST", "channels/" + dm + "/messages"), WAIT);
        assertThat(reply.body().path("content").asText()).isEqualTo("pong");

        // a user JDA has no DM channel for: openPrivateChannel goes through POST users/@me/channels
        long stranger = 920000000000000099L;
        jda.openPrivateChannelById(stranger).flatMap(channel -> channel.sendMessage("hi there"))
                .submit().get(10, TimeUnit.SECONDS);
        FakeDiscord.Call open = fake.awaitCall(c -> c.is("POST", "users/@me/channels"), WAIT);
        assertThat(open.body().path("recipient_id").asLong()).isEqualTo(stranger);
        long strangerDm = fake.dmChannelOf(stranger);
        FakeDiscord.Call hi = fake.awaitCall(c -> c.is("POST", "channels/" + strangerDm + "/messages"), WAIT);
        assertThat(hi.body().path("content").asText()).isEqualTo("hi there");
    }

    @Test
    void should_see_the_bot_mention_in_a_guild_message() {
        fake.message(KO_TA, GUILD, CHANNEL, "help me please", true);

        MessageReceivedEvent event = recorder.await(MessageReceivedEvent.class,
                e -> e.isFromGuild() && e.getMessage().getContentRaw().endsWith("help me please"), WAIT);
        assertThat(event.getMessage().getMentions().isMentioned(jda.getSelfUser())).isTrue();
        assertThat(event.getMessage().getContentRaw()).startsWith("<@" + FakeDiscord.BOT_ID + ">");
        assertThat(event.getMember().getRoles()).extracting(ISnowflake::getIdLong).contains(ROLE_TA);
        assertThat(event.getGuild().getIdLong()).isEqualTo(GUILD);
    }

    @Test
    void should_resume_after_a_dropped_gateway_and_still_take_slash_commands() {
        int resumesBefore = fake.resumes();
        int identifiesBefore = fake.identifies();
        long dropped = System.nanoTime();

        fake.dropGateway();
        fake.awaitReady(WAIT);
        recorder.await(SessionResumeEvent.class, e -> true, WAIT);
        System.out.printf("FakeDiscord: dropped gateway -> RESUMED in %d ms (resumes %d, identifies %d)%n",
                (System.nanoTime() - dropped) / 1_000_000, fake.resumes(), fake.identifies());
        assertThat(fake.resumes()).isEqualTo(resumesBefore + 1);
        assertThat(fake.identifies()).isEqualTo(identifiesBefore);

        long id = fake.slashCommand(EN_STUDENT, GUILD, CHANNEL, "workspace", "delete", Map.of());
        SlashCommandInteractionEvent event = recorder.await(SlashCommandInteractionEvent.class,
                e -> e.getInteraction().getIdLong() == id, WAIT);
        assertThat(event.getSubcommandName()).isEqualTo("delete");
        assertThat(event.getUserLocale()).isEqualTo(DiscordLocale.ENGLISH_US);
        assertThat(fake.awaitCallback(id, WAIT).body().path("type").asInt()).isEqualTo(5);
    }

    private static FakeDiscord.Call awaitFollowup(long interactionId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<FakeDiscord.Call> followups = fake.followups(interactionId);
            if (!followups.isEmpty()) {
                return followups.get(0);
            }
            sleep(20);
        }
        throw new AssertionError("no followup for interaction " + interactionId + "; calls: " + fake.calls());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Records every event and answers interactions the way the smoke test expects. */
    private static final class Recorder extends ListenerAdapter {
        private final List<GenericEvent> events = new ArrayList<>();

        @Override
        public void onGenericEvent(GenericEvent event) {
            synchronized (events) {
                events.add(event);
                events.notifyAll();
            }
        }

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.deferReply(true).queue();
            event.getHook().sendMessage("x").queue();
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            event.reply("pressed " + event.getComponentId()).queue();
        }

        @Override
        public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
            event.replyChoices(new Command.Choice("python", "python"), new Command.Choice("pytorch", "pytorch"))
                    .queue();
        }

        @Override
        public void onMessageReceived(MessageReceivedEvent event) {
            if (!event.isFromGuild() && !event.getAuthor().isBot()) {
                event.getAuthor().openPrivateChannel().flatMap(channel -> channel.sendMessage("pong")).queue();
            }
        }

        <T extends GenericEvent> T await(Class<T> type, Predicate<T> match, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (events) {
                while (true) {
                    for (GenericEvent e : events) {
                        if (type.isInstance(e) && match.test(type.cast(e))) {
                            return type.cast(e);
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; events: "
                                + events.stream().map(e -> e.getClass().getSimpleName()).toList());
                    }
                    try {
                        events.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }
}
