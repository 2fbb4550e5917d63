package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.chat.Suggestions;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands, buttons and autocomplete. Every slash command is acknowledged at once on JDA's
 * thread (deferred, ephemeral when the catalog says the tool answers privately) before anything reads
 * the database or the engine; the tool then runs on a worker through {@link ChatService}, so slow work
 * never misses Discord's 3-second limit and a gateway reconnect does not interrupt it. Work is admitted
 * through {@link InFlight}: while the bot shuts down, new interactions get a short "restarting" answer.
 */
final class InteractionListener extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InteractionListener.class);
    /** A help page fits an embed (4,000 characters as the renderer sends them), with room to spare. */
    static final int HELP_PAGE = 3800;
    private final ChatService chat;
    private final Suggestions suggestions;
    private final MemberMapper members;
    private final ReplyRenderer renderer;
    private final Delivery delivery;
    private final ExecutorService work;
    private final InFlight inFlight;
    private final AckFirst ackFirst = new AckFirst();
    /** Told how long each acknowledgement took to reach Discord, in nanoseconds (metrics). */
    private volatile java.util.function.LongConsumer ackTimes = nanos -> { };
    private final Clock clock;
    private final DiscordCommands.Generated commands;
    private final AskFollowUp askFollowUp;

    void timeAcknowledgements(java.util.function.LongConsumer nanos) {
        this.ackTimes = nanos;
    }

    InteractionListener(ChatService chat, Suggestions suggestions, MemberMapper members, ReplyRenderer renderer,
                        Delivery delivery, ExecutorService work, InFlight inFlight, Clock clock,
                        DiscordCommands.Generated commands, AskFollowUp askFollowUp) {
        this.chat = chat;
        this.suggestions = suggestions;
        this.members = members;
        this.renderer = renderer;
        this.delivery = delivery;
        this.work = work;
        this.inFlight = inFlight;
        this.clock = clock;
        this.commands = commands;
        this.askFollowUp = askFollowUp;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
        if (e.getName().equals(DiscordCommands.HELP)) {
            help(e, members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId()));
            return;
        }
        if (e.getName().equals(DiscordCommands.CONFIRM) || e.getName().equals(DiscordCommands.CANCEL)) {
            code(e, e.getName().equals(DiscordCommands.CONFIRM));
            return;
        }
        // everything before the acknowledgement is decided in memory (the catalog): no database, no engine, so
        // a class arriving at once, or tools hogging the machine, cannot make an acknowledgement late
        String tool = toolName(e.getName(), e.getSubcommandGroup(), e.getSubcommandName());
        boolean privately = chat.answersPrivately(tool);
        InFlight.Ticket ticket = inFlight.enter(timeoutOf(tool));
        if (ticket == null) {
            restarting(e);
            return;
        }
        Instant started = clock.instant();
        Map<String, String> args = new LinkedHashMap<>();
        for (OptionMapping o : e.getOptions()) args.put(o.getName(), o.getAsString());
        var hook = e.getHook();
        // the tool runs once Discord has the acknowledgement: an interaction Discord refused is never acted on
        ackFirst.sending();
        long ackStart = System.nanoTime();
        e.deferReply(privately).queue(acked -> {
            ackFirst.settled();
            ackTimes.accept(System.nanoTime() - ackStart);
            runThenDeliver(ticket, () -> {
                Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
                Reply reply = chat.run(caller, tool, args, Origin.SLASH,
                        new HookProgress(hook, clock, started, delivery.tokenLife()));
                return delivery.finish(hook, started, reply, privately, e.getChannel(), e.getUser(), caller.locale())
                        .thenCompose(delivered -> askFollowUp.offer(hook, caller, tool, args, reply));
            });
        }, err -> {
            ackFirst.settled();
            log.warn("could not acknowledge /{}: {}", e.getFullCommandName(), err.toString());
            ticket.leave();
        });
    }

    /**
     * Runs admitted work on a worker once no acknowledgement is pending ({@link AckFirst}); its ticket is given
     * back once what it returned was delivered.
     */
    private void runThenDeliver(InFlight.Ticket ticket, Callable<CompletableFuture<?>> task) {
        try {
            work.execute(() -> {
                try {
                    ackFirst.awaitQuiet();
                    task.call().whenComplete((ok, err) -> ticket.leave());
                } catch (Exception | Error failed) {
                    log.error("an interaction's work failed", failed);
                    ticket.leave();
                }
            });
        } catch (RejectedExecutionException closed) {
            ticket.leave();
        }
    }

    /** The short answer to anything arriving while the bot shuts down, in the client's language (no database). */
    private void restarting(IReplyCallback e) {
        Delivery.settled(e.reply(Messages.get(members.clientLang(e.getUserLocale()), "discord.restarting"))
                .setEphemeral(true), "restarting");
    }

    private Duration timeoutOf(String tool) {
        return chat.gateway().catalog().find(tool).map(t -> t.spec().timeout()).orElse(Duration.ofMinutes(1));
    }

    /**
     * The tool a command names, as generated ({@code /diag gpu smi} is diag.gpu-smi, {@code /diag-2 ...} too); a
     * command this version did not generate (registered by an older one) is read as area and verb, so the
     * gateway answers it with the nearest commands.
     */
    private String toolName(String command, String group, String subcommand) {
        return commands.tool(command, group, subcommand)
                .orElse(subcommand == null ? command : command + "." + subcommand);
    }

    /** /help [area:]: one page per message, each fitting an embed, the first as the reply. */
    private void help(SlashCommandInteractionEvent e, Caller caller) {
        OptionMapping area = e.getOption(DiscordCommands.AREA);
        List<String> pages = chat.helpPages(caller, area == null ? null : area.getAsString(), HELP_PAGE,
                tool -> commands.command(tool.spec().name()).orElse(tool.slashCommand()));
        var hook = e.getHook();
        e.replyEmbeds(renderer.embed(Reply.of("help", pages.get(0)))).setEphemeral(true).queue(ok -> {
            for (String page : pages.subList(1, pages.size())) {
                hook.sendMessageEmbeds(renderer.embed(Reply.of("help", page))).setEphemeral(true).queue();
            }
        });
    }

    /** /confirm code: and /cancel code: go the way the buttons go; the gateway refuses anyone else's code. */
    private void code(SlashCommandInteractionEvent e, boolean confirm) {
        OptionMapping option = e.getOption(DiscordCommands.CODE);
        String code = option == null ? "" : option.getAsString();
        InFlight.Ticket ticket = inFlight.enter(inFlight.longestTool());
        if (ticket == null) {
            restarting(e);
            return;
        }
        Instant started = clock.instant();
        var hook = e.getHook();
        ackFirst.sending();
        long ackStart = System.nanoTime();
        e.deferReply(true).queue(acked -> {
            ackFirst.settled();
            ackTimes.accept(System.nanoTime() - ackStart);
            runThenDeliver(ticket, () -> {
                Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
                Reply reply = confirm
                        ? chat.confirm(caller, code, Origin.SLASH, new HookProgress(hook, clock, started, delivery.tokenLife()))
                        : chat.cancel(caller, code, Origin.SLASH);
                return delivery.finish(hook, started, reply, true, e.getChannel(), e.getUser(), caller.locale());
            });
        }, err -> {
            ackFirst.settled();
            log.warn("could not acknowledge /{}: {}", e.getFullCommandName(), err.toString());
            ticket.leave();
        });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent e) {
        String id = e.getComponentId();
        boolean confirm = id.startsWith(ReplyRenderer.CONFIRM);
        if (!confirm && !id.startsWith(ReplyRenderer.CANCEL)) return;
        String code = id.substring((confirm ? ReplyRenderer.CONFIRM : ReplyRenderer.CANCEL).length());
        Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
        var pending = chat.gateway().pending(code);
        if (pending.isEmpty() || !pending.get().callerId().equals(caller.id())) {
            // someone else's button: refuse privately, leave the buttons for their owner (the refusal is audited)
            Reply refused = confirm ? chat.confirm(caller, code, Origin.BUTTON, text -> { })
                    : chat.cancel(caller, code, Origin.BUTTON);
            e.replyEmbeds(renderer.embed(refused)).setEphemeral(true).queue();
            return;
        }
        boolean privately = chat.answersPrivately(pending.get().tool());
        InFlight.Ticket ticket = inFlight.enter(timeoutOf(pending.get().tool()));
        if (ticket == null) {
            restarting(e);
            return;
        }
        Instant started = clock.instant();
        var hook = e.getHook();
        runThenDeliver(ticket, () -> {
            Reply reply = confirm
                    ? chat.confirm(caller, code, Origin.BUTTON, new HookProgress(hook, clock, started, delivery.tokenLife()))
                    : chat.cancel(caller, code, Origin.BUTTON);
            return hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(privately || reply.secret() || reply.refusal())
                    .submit()
                    .<CompletableFuture<?>>handle((ok, err) -> err == null ? CompletableFuture.completedFuture(null)
                            : delivery.dm(e.getUser(), reply, caller.locale()))
                    .thenCompose(f -> f);
        });
        // acknowledge by disabling the buttons: a code works once, so they never work again
        e.editMessage(new MessageEditBuilder().setComponents(ReplyRenderer.confirmRow(code, caller.locale(), true))
                .setAllowedMentions(ReplyRenderer.NO_MENTIONS).build()).queue();
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
        // suggestions read the store: on a worker, never on the thread that reads the gateway
        try {
            work.execute(() -> {
                Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
                var focused = e.getFocusedOption();
                if (e.getName().equals(DiscordCommands.HELP)) {
                    String typed = focused.getValue().toLowerCase(java.util.Locale.ROOT);
                    e.replyChoiceStrings(chat.helpAreas(caller).stream().filter(a -> a.contains(typed))
                            .limit(Suggestions.MAX).toList()).queue();
                    return;
                }
                String tool = toolName(e.getName(), e.getSubcommandGroup(), e.getSubcommandName());
                e.replyChoiceStrings(suggestions.forArgument(caller, tool, focused.getName(), focused.getValue())).queue();
            });
        } catch (RejectedExecutionException closed) {
            e.replyChoices().queue();
        }
    }
}
