package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.chat.Suggestions;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;

/**
 * Slash commands, buttons and autocomplete. Every interaction is acknowledged at once on JDA's
 * thread (deferred, ephemeral when the tool answers privately); the tool then runs on a worker
 * through {@link ChatService}, so slow work never misses Discord's 3-second limit and a gateway
 * reconnect does not interrupt it.
 */
final class InteractionListener extends ListenerAdapter {
    private final ChatService chat;
    private final Suggestions suggestions;
    private final MemberMapper members;
    private final ReplyRenderer renderer;
    private final Delivery delivery;
    private final ExecutorService work;
    private final Clock clock;

    InteractionListener(ChatService chat, Suggestions suggestions, MemberMapper members, ReplyRenderer renderer,
                        Delivery delivery, ExecutorService work, Clock clock) {
        this.chat = chat;
        this.suggestions = suggestions;
        this.members = members;
        this.renderer = renderer;
        this.delivery = delivery;
        this.work = work;
        this.clock = clock;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
        Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
        if (e.getName().equals(DiscordCommands.HELP)) {
            e.replyEmbeds(renderer.embed(Reply.of("help", chat.help(caller)))).setEphemeral(true).queue();
            return;
        }
        String tool = toolName(e.getName(), e.getSubcommandName());
        boolean privately = chat.answersPrivately(tool);
        Instant started = clock.instant();
        Map<String, String> args = new LinkedHashMap<>();
        for (OptionMapping o : e.getOptions()) args.put(o.getName(), o.getAsString());
        var hook = e.getHook();
        // the work is taken on before the acknowledgement, so an acknowledged interaction is never dropped by a
        // shutdown; hook edits wait for the acknowledgement inside JDA
        if (!submit(() -> {
            Reply reply = chat.run(caller, tool, args, Origin.SLASH,
                    new HookProgress(hook, clock, started, delivery.tokenLife()));
            delivery.finish(hook, started, reply, privately, e.getChannel(), e.getUser(), caller.locale());
        })) {
            e.reply(Messages.get(caller.locale(), "discord.restarting")).setEphemeral(true).queue();
            return;
        }
        e.deferReply(privately).queue();
    }

    /** False when the bot is shutting down and takes no new work. */
    private boolean submit(Runnable task) {
        try {
            work.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    /** {@code /workspace create} is workspace.create; a one-tool area ({@code /ask}) is resolved by the catalog. */
    private static String toolName(String command, String subcommand) {
        return subcommand == null ? command : command + "." + subcommand;
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
        Instant started = clock.instant();
        var hook = e.getHook();
        if (!submit(() -> {
            Reply reply = confirm
                    ? chat.confirm(caller, code, Origin.BUTTON, new HookProgress(hook, clock, started, delivery.tokenLife()))
                    : chat.cancel(caller, code, Origin.BUTTON);
            hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(privately || reply.secret() || reply.refusal())
                    .queue(ok -> { }, err -> delivery.dm(e.getUser(), reply, caller.locale()));
        })) {
            e.reply(Messages.get(caller.locale(), "discord.restarting")).setEphemeral(true).queue();
            return;
        }
        // acknowledge by disabling the buttons: a code works once, so they never work again
        e.editMessage(new MessageEditBuilder().setComponents(ReplyRenderer.confirmRow(code, caller.locale(), true))
                .setAllowedMentions(ReplyRenderer.NO_MENTIONS).build()).queue();
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
        Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
        String tool = toolName(e.getName(), e.getSubcommandName());
        var focused = e.getFocusedOption();
        e.replyChoiceStrings(suggestions.forArgument(caller, tool, focused.getName(), focused.getValue())).queue();
    }
}
