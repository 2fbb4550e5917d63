package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Suggestions;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.util.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord front end: a JDA client with only non-privileged intents (guild messages and DMs, for
 * mentions), slash commands generated from the catalog and registered per guild (instantly) and
 * optionally globally. Labhand, not JDA, owns shutdown (JDA's own shutdown hook would stop its REST client
 * while answers are still being delivered): {@link #close()} stops taking new work and answers what
 * arrives meanwhile with "restarting, try again in a minute", lets running tools finish (each bounded by its
 * timeout), waits until every final answer reached Discord, then disconnects.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    /** The index of the command a schema error's location starts with ("3.options", "3"). */
    private static final Pattern INDEX = Pattern.compile("\\[?(\\d+)\\]?(?:[.\\[]|$)");
    /** Discord's interaction token lives 15 minutes; a margin keeps the last edit inside it. */
    public static final Duration TOKEN_LIFE = Duration.ofMinutes(14);

    private final JDA jda;
    private final ExecutorService work;
    private final InFlight inFlight;
    /** The course's question board, when {@code desk.forumChannel} names one; else null. */
    private volatile ForumBoard board;
    private final InteractionListener interactions;

    private DiscordBot(JDA jda, ExecutorService work, InFlight inFlight, InteractionListener interactions) {
        this.jda = jda;
        this.work = work;
        this.inFlight = inFlight;
        this.interactions = interactions;
    }

    /** Reports how long each slash command's acknowledgement took to reach Discord (nanoseconds), for metrics. */
    public void timeAcknowledgements(java.util.function.LongConsumer nanos) {
        interactions.timeAcknowledgements(nanos);
    }

    /** Whether the gateway connection is up (for /healthz). */
    public boolean connected() {
        return jda.getStatus() == JDA.Status.CONNECTED;
    }

    public static DiscordBot start(LabhandConfig config, String token, ChatService chat, Suggestions suggestions,
                                   MemberRepository members, Clock clock, Duration tokenLife) throws InterruptedException {
        LabhandConfig.Discord dc = config.discord();
        ExecutorService work = Executors.newCachedThreadPool(DaemonThreads.named("discord-work-"));
        ReplyRenderer renderer = new ReplyRenderer();
        Delivery delivery = new Delivery(renderer, clock, tokenLife);
        MemberMapper mapper = new MemberMapper(dc, members, Lang.parse(config.defaultLocale()));
        // one layout of the catalog's commands: what is registered is what interactions are routed by
        DiscordCommands.Generated commands = DiscordCommands.from(chat.gateway().catalog());
        InFlight inFlight = new InFlight(chat.gateway().catalog().all().stream().map(t -> t.spec().timeout())
                .max(Duration::compareTo).orElse(Duration.ofMinutes(1)));
        // no message the bot sends may mention anyone: replies echo what members typed (set once, for every
        // message JDA creates; edits set it themselves, see Delivery)
        MessageRequest.setDefaultMentions(ReplyRenderer.NO_MENTIONS);
        MessageRequest.setDefaultMentionRepliedUser(false);
        AskFollowUp askFollowUp = new AskFollowUp(chat, mapper, renderer, work, inFlight, clock);
        InteractionListener interactions = new InteractionListener(chat, suggestions, mapper, renderer, delivery, work,
                inFlight, clock, commands, askFollowUp);
        // the question board is the one reason to read channel messages: only then is the privileged intent asked for
        String forum = config.desk().forumChannel();
        ForumBoard board = forum.isEmpty() ? null : new ForumBoard(forum, chat, mapper, work, inFlight);
        EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES);
        if (board != null) intents.add(GatewayIntent.MESSAGE_CONTENT);
        // privileged, and only when configured (and enabled in the developer portal): hears leaves and role changes
        if (config.accounts().membersIntent()) intents.add(GatewayIntent.GUILD_MEMBERS);
        JDABuilder builder = JDABuilder.createLight(token, intents)
                .setRawEventsEnabled(config.accounts().membersIntent())
                .setRestConfig(new RestConfig().setBaseUrl(dc.restBaseUrl()))
                .setEnableShutdownHook(false)
                .addEventListeners(
                        interactions,
                        new MessageListener(chat, mapper, renderer, delivery, work, inFlight),
                        new ContextMenuListener(chat, mapper, renderer, work, inFlight, clock, tokenLife),
                        new NoticeButtons(chat, mapper, delivery, work, inFlight, clock),
                        askFollowUp);
        if (board != null) builder.addEventListeners(board);
        if (!dc.gatewayUrl().isEmpty()) {
            builder.setSessionController(new FixedGateway(dc.gatewayUrl())).setCompression(Compression.NONE);
        }
        JDA jda = builder.build().awaitReady();
        DiscordBot bot = new DiscordBot(jda, work, inFlight, interactions);
        bot.board = board;
        bot.registerCommands(commands, config);
        return bot;
    }

    /**
     * Offboards members who leave the course: at once from member events when the members intent is on, and gives
     * back the roster (a REST member fetch) for the periodic check either way.
     */
    public dev.labhand.host.account.CourseRoster offboardWith(dev.labhand.host.account.Offboarding offboarding,
                                                              LabhandConfig config) {
        MemberLeaves leaves = new MemberLeaves(jda, config.discord().guilds(), config.accounts().courseRole(),
                offboarding, work);
        if (config.accounts().membersIntent()) jda.addEventListener(leaves);
        return leaves.roster();
    }

    public JDA jda() {
        return jda;
    }

    /** For the desk: an instructor's answer to a question from the question board is posted in its thread too. */
    public void postForumAnswer(dev.labhand.desk.Question q, String instructorName, String answer) {
        ForumBoard b = board;
        if (b != null) b.postAnswer(jda, q, instructorName, answer);
    }

    /**
     * Sends a notice (a spot eviction, an idle VM about to stop) to a member by DM. Members known only
     * by a console name have no Discord account and are skipped; a closed DM is logged.
     */
    public void directMessage(String memberId, String text) {
        if (!memberId.matches("\\d{5,20}")) return;
        jda.openPrivateChannelById(memberId)
                .flatMap(channel -> channel.sendMessage(ReplyRenderer.inert(text.length() > 1900 ? text.substring(0, 1900) + "…" : text)))
                .queue(ok -> { }, error -> log.warn("could not DM a notice to {}: {}", memberId, error.toString()));
    }

    /** A notice with buttons for its actions (an idle workspace's [Keep 1 h] [Stop now]), by DM. */
    public void directMessage(String memberId, String text, List<dev.labhand.tool.Notifier.Action> actions,
                              List<String> labels) {
        if (!memberId.matches("\\d{5,20}")) return;
        jda.openPrivateChannelById(memberId)
                .flatMap(channel -> channel.sendMessage(ReplyRenderer.inert(text.length() > 1900 ? text.substring(0, 1900) + "…" : text))
                        .setComponents(NoticeButtons.rows(actions, labels, false)))
                .queue(ok -> { }, error -> log.warn("could not DM a notice to {}: {}", memberId, error.toString()));
    }

    /**
     * Registers the commands per guild and globally. A refusal never stops the bot: commands that break one of
     * Discord's rules were already left out; when Discord refuses the bulk overwrite naming commands in its error,
     * those are left out too and the rest is sent again; any other failure leaves that place's commands as they
     * were. Everything is logged with Discord's own words and kept for {@code labhand doctor}.
     */
    private void registerCommands(DiscordCommands.Generated generated, LabhandConfig config) {
        LabhandConfig.Discord dc = config.discord();
        generated.refused().forEach(r -> log.warn("command {} is left out: {}", r.command(), r.reason()));
        List<RegistrationReport.Scope> scopes = new ArrayList<>();
        for (String id : dc.guilds()) {
            Guild guild = jda.getGuildById(id);
            if (guild == null) {
                log.warn("guild {} is not visible to the bot: invite it first (see README); its commands were not registered", id);
                scopes.add(new RegistrationReport.Scope("guild " + id, List.of(), generated.refused(),
                        "the bot is not in this guild: invite it first"));
                continue;
            }
            scopes.add(register("guild " + id, generated, commands -> guild.updateCommands().addCommands(commands).addCommands(ContextMenus.commands()).complete()));
        }
        if (dc.globalCommands()) {
            scopes.add(register("global", generated, commands -> jda.updateCommands().addCommands(commands).addCommands(ContextMenus.commands()).complete()));
        }
        try {
            new RegistrationReport(Instant.now().toString(), scopes).write(config.database());
        } catch (RuntimeException e) {
            log.warn("could not keep the registration report for doctor: {}", e.toString());
        }
    }

    /** Sends the commands to one place; refused ones named in Discord's error are dropped and the rest sent again. */
    static RegistrationReport.Scope register(String scope, DiscordCommands.Generated generated,
                                             Consumer<List<SlashCommandData>> put) {
        List<DiscordCommands.Refusal> refused = new ArrayList<>(generated.refused());
        List<SlashCommandData> sending = new ArrayList<>(generated.commands());
        while (true) {
            try {
                put.accept(sending);
                List<String> names = sending.stream().map(c -> "/" + c.getName()).toList();
                log.info("registered {} commands ({}): {}", names.size(), scope, String.join(" ", names));
                return new RegistrationReport.Scope(scope, names, refused, null);
            } catch (ErrorResponseException e) {
                Map<Integer, List<String>> named = refusedCommands(e, sending.size());
                log.warn("Discord refused the commands ({}): {} {} {}", scope, e.getErrorCode(), e.getMeaning(),
                        e.getSchemaErrors());
                if (named.isEmpty() || named.size() == sending.size()) {
                    // nothing left to send without the refused ones, or a refusal of the whole request (no access)
                    for (Map.Entry<Integer, List<String>> n : named.entrySet()) {
                        refused.add(new DiscordCommands.Refusal("/" + sending.get(n.getKey()).getName(),
                                "Discord: " + String.join("; ", n.getValue())));
                    }
                    return new RegistrationReport.Scope(scope, List.of(), refused, "Discord refused the commands: "
                            + e.getErrorCode() + " " + e.getMeaning() + "; it keeps the ones it had");
                }
                List<SlashCommandData> kept = new ArrayList<>();
                for (int i = 0; i < sending.size(); i++) {
                    if (!named.containsKey(i)) {
                        kept.add(sending.get(i));
                        continue;
                    }
                    String why = "Discord: " + String.join("; ", named.get(i));
                    log.warn("Discord refused /{} ({}): {}; registering the others", sending.get(i).getName(), scope, why);
                    refused.add(new DiscordCommands.Refusal("/" + sending.get(i).getName(), why));
                }
                sending = kept;
            } catch (RuntimeException e) {
                log.warn("could not register the commands ({}): {}", scope, e.toString());
                return new RegistrationReport.Scope(scope, List.of(), refused,
                        "could not register: " + e.getMessage() + "; Discord keeps the commands it had");
            }
        }
    }

    /**
     * The commands Discord's error names, by their index in what was sent: its error body is
     * {@code {"code":50035,"errors":{"3":{"options":{"_errors":[{"code":..,"message":..}]}}},"message":"Invalid Form Body"}},
     * which JDA reads as schema errors located at {@code 3.options}.
     */
    static Map<Integer, List<String>> refusedCommands(ErrorResponseException e, int sent) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (ErrorResponseException.SchemaError error : e.getSchemaErrors()) {
            Matcher m = INDEX.matcher(error.getLocation());
            if (!m.lookingAt()) continue;
            int index = Integer.parseInt(m.group(1));
            if (index >= sent) continue;
            for (ErrorResponseException.ErrorCode code : error.getErrors()) {
                out.computeIfAbsent(index, i -> new ArrayList<>()).add(
                        error.getLocation() + ": " + code.getCode() + " " + code.getMessage());
            }
            out.computeIfAbsent(index, i -> new ArrayList<>());
        }
        return out;
    }

    /**
     * Stops taking new work (what arrives meanwhile is answered "restarting"), waits until every admitted
     * interaction's answer was delivered, each at most its tool's timeout plus {@link InFlight#DELIVERY}, then
     * disconnects; requests JDA still holds are sent before it does. Safe to call more than once.
     */
    @Override
    public void close() {
        try {
            int running = inFlight.running();
            if (running > 0) log.info("shutting down: waiting for {} running interactions to finish and be delivered", running);
            if (!inFlight.closeAndAwait()) {
                log.warn("shutting down with {} interactions still running past their timeouts", inFlight.running());
            }
            work.shutdown();
            if (!work.awaitTermination(5, TimeUnit.SECONDS)) work.shutdownNow();
            jda.shutdown();
            if (!jda.awaitShutdown(Duration.ofSeconds(10))) jda.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.shutdownNow();
            jda.shutdownNow();
        }
    }

    /** Points JDA at a configured gateway (a proxy, or the loopback fake in tests) instead of Discord's. */
    private static final class FixedGateway extends ConcurrentSessionController {
        private final String url;

        FixedGateway(String url) {
            this.url = url;
        }

        @Override
        public String getGateway() {
            return url;
        }
    }
}
