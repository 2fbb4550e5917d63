package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Suggestions;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.util.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
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
 * optionally globally. {@link #close()} stops taking interactions, lets running tools finish (up to a
 * minute), then disconnects.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    /** Discord's interaction token lives 15 minutes; a margin keeps the last edit inside it. */
    public static final Duration TOKEN_LIFE = Duration.ofMinutes(14);

    private final JDA jda;
    private final ExecutorService work;

    private DiscordBot(JDA jda, ExecutorService work) {
        this.jda = jda;
        this.work = work;
    }

    public static DiscordBot start(LabhandConfig config, String token, ChatService chat, Suggestions suggestions,
                                   MemberRepository members, Clock clock, Duration tokenLife) throws InterruptedException {
        LabhandConfig.Discord dc = config.discord();
        ExecutorService work = Executors.newCachedThreadPool(DaemonThreads.named("discord-work-"));
        ReplyRenderer renderer = new ReplyRenderer();
        Delivery delivery = new Delivery(renderer, clock, tokenLife);
        MemberMapper mapper = new MemberMapper(dc, members, Lang.parse(config.defaultLocale()));
        // no message the bot sends may mention anyone: replies echo what members typed (set once, for every
        // message JDA creates; edits set it themselves, see Delivery)
        MessageRequest.setDefaultMentions(ReplyRenderer.NO_MENTIONS);
        MessageRequest.setDefaultMentionRepliedUser(false);
        JDABuilder builder = JDABuilder.createLight(token,
                        EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES))
                .setRestConfig(new RestConfig().setBaseUrl(dc.restBaseUrl()))
                .addEventListeners(
                        new InteractionListener(chat, suggestions, mapper, renderer, delivery, work, clock),
                        new MessageListener(chat, mapper, renderer, delivery, work));
        if (!dc.gatewayUrl().isEmpty()) {
            builder.setSessionController(new FixedGateway(dc.gatewayUrl())).setCompression(Compression.NONE);
        }
        JDA jda = builder.build().awaitReady();
        DiscordBot bot = new DiscordBot(jda, work);
        bot.registerCommands(DiscordCommands.from(chat.gateway().catalog()), dc);
        return bot;
    }

    public JDA jda() {
        return jda;
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

    private void registerCommands(List<SlashCommandData> commands, LabhandConfig.Discord dc) {
        for (String id : dc.guilds()) {
            Guild guild = jda.getGuildById(id);
            if (guild == null) {
                log.warn("guild {} is not visible to the bot: invite it first (see README); its commands were not registered", id);
                continue;
            }
            guild.updateCommands().addCommands(commands).complete();
            log.info("registered {} commands in guild {}", commands.size(), id);
        }
        if (dc.globalCommands()) {
            jda.updateCommands().addCommands(commands).complete();
            log.info("registered {} global commands", commands.size());
        }
    }

    @Override
    public void close() {
        work.shutdown();
        try {
            if (!work.awaitTermination(60, TimeUnit.SECONDS)) work.shutdownNow();
            jda.shutdown();
            if (!jda.awaitShutdown(Duration.ofSeconds(10))) jda.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
