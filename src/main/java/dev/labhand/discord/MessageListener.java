package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import java.util.concurrent.ExecutorService;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * Messages that mention the bot, and DMs, go to the same {@link ChatService} as the console (the slash
 * grammar works in them; plain sentences get help until the language layer exists). Discord gives the
 * content of these two kinds without the privileged message-content intent. A reply holding a secret
 * is sent as a DM, never in the channel.
 */
final class MessageListener extends ListenerAdapter {
    private final ChatService chat;
    private final MemberMapper members;
    private final ReplyRenderer renderer;
    private final Delivery delivery;
    private final ExecutorService work;
    private final InFlight inFlight;

    MessageListener(ChatService chat, MemberMapper members, ReplyRenderer renderer, Delivery delivery,
                    ExecutorService work, InFlight inFlight) {
        this.chat = chat;
        this.members = members;
        this.renderer = renderer;
        this.delivery = delivery;
        this.work = work;
        this.inFlight = inFlight;
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent e) {
        if (e.getAuthor().isBot() || e.isWebhookMessage()) return;
        boolean dm = !e.isFromGuild();
        Message m = e.getMessage();
        if (!dm && !m.getMentions().isMentioned(e.getJDA().getSelfUser(), Message.MentionType.USER)) return;
        String content = m.getContentRaw().replaceAll("<@!?" + e.getJDA().getSelfUser().getId() + ">", "").strip();
        Caller caller = members.caller(e.getAuthor(), dm ? null : e.getMember(), null, e.getChannel().getId());
        InFlight.Ticket ticket = inFlight.enter(inFlight.longestTool());
        if (ticket == null) {
            m.reply(Messages.get(caller.locale(), "discord.restarting")).queue();
            return;
        }
        // replies queued before JDA shuts down are still sent, so the ticket is given back once they are queued
        Runnable answer = () -> {
            Reply reply = chat.handle(caller, content, Origin.MESSAGE, text -> { });
            if (dm) {
                e.getChannel().sendMessage(renderer.text(reply))
                        .setComponents(renderer.buttons(reply, caller.locale(), false)).queue();
            } else if (reply.privateOnly()) {
                delivery.dm(e.getAuthor(), reply, caller.locale());
                m.reply(Messages.get(caller.locale(), "discord.sent-dm")).queue();
            } else {
                m.reply(renderer.text(reply)).queue();
            }
        };
        try {
            work.execute(() -> {
                try {
                    answer.run();
                } finally {
                    ticket.leave();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            ticket.leave();
            m.reply(Messages.get(caller.locale(), "discord.restarting")).queue();
        }
    }
}
