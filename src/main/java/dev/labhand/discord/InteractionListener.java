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
import java.util.List;
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
    /** A help page fits an embed (4,000 characters as the renderer sends them), with room to spare. */
    static final int HELP_PAGE = 3800;
    private final ChatService chat;
    private final Suggestions suggestions;
    private final MemberMapper members;
    private final ReplyRenderer renderer;
    private final Delivery delivery;
    private final ExecutorService work;
    private final Clock clock;
    private final DiscordCommands.Generated commands;

    InteractionListener(ChatService chat, Suggestions suggestions, MemberMapper members, ReplyRenderer renderer,
                        Delivery delivery, ExecutorService work, Clock clock) {
        this.chat = chat;
        this.suggestions = suggestions;
        this.members = members;
        this.renderer = renderer;
        this.delivery = delivery;
        this.work = work;
        this.clock = clock;
        this.commands = DiscordCommands.from(chat.gateway().catalog());
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
        Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
        if (e.getName().equals(DiscordCommands.HELP)) {
            help(e, caller);
            return;
        }
        if (e.getName().equals(DiscordCommands.CONFIRM) || e.getName().equals(DiscordCommands.CANCEL)) {
            code(e, caller, e.getName().equals(DiscordCommands.CONFIRM));
            return;
        }
        String tool = toolName(e.getName(), e.getSubcommandGroup(), e.getSubcommandName());
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
    private void code(SlashCommandInteractionEvent e, Caller caller, boolean confirm) {
        OptionMapping option = e.getOption(DiscordCommands.CODE);
        String code = option == null ? "" : option.getAsString();
        Instant started = clock.instant();
        var hook = e.getHook();
        if (!submit(() -> {
            Reply reply = confirm
                    ? chat.confirm(caller, code, Origin.SLASH, new HookProgress(hook, clock, started, delivery.tokenLife()))
                    : chat.cancel(caller, code, Origin.SLASH);
            delivery.finish(hook, started, reply, true, e.getChannel(), e.getUser(), caller.locale());
        })) {
            e.reply(Messages.get(caller.locale(), "discord.restarting")).setEphemeral(true).queue();
            return;
        }
        e.deferReply(true).queue();
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
            hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(privately || reply.secret())
                    .queue(ok -> { }, err -> delivery.dm(e.getUser(), reply, caller.locale()));
        })) {
            e.reply(Messages.get(caller.locale(), "discord.restarting")).setEphemeral(true).queue();
            return;
        }
        // acknowledge by disabling the buttons: a code works once, so they never work again
        e.editMessage(new MessageEditBuilder().setComponents(ReplyRenderer.confirmRow(code, caller.locale(), true))
                .build()).queue();
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
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
    }
}
