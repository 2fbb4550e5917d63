package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.desk.Question;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The course's question board (a Discord forum channel, {@code desk.forumChannel}). A learner's new post is put to
 * the instructors through the gateway as {@code queue.ask} (origin forum, the post's thread as the caller's channel),
 * and the bot's reply, with what the course notes have on it, is posted in the thread at once, marked as automatic.
 * When an instructor answers the question, the answer is posted in the same thread too.
 *
 * <p>Reading a post's text needs Discord's privileged message-content intent; without it Discord sends posts
 * with empty text, which are left alone (and logged once) rather than queued empty.
 */
final class ForumBoard extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ForumBoard.class);
    /** The longest question queue.ask takes: a long post is queued with its beginning (its thread keeps it all). */
    private static final int QUESTION_LIMIT = 256;
    private final String forumId;
    private final ChatService chat;
    private final MemberMapper members;
    private final ExecutorService work;
    private final InFlight inFlight;
    private volatile boolean warnedEmpty;

    ForumBoard(String forumId, ChatService chat, MemberMapper members, ExecutorService work, InFlight inFlight) {
        this.forumId = forumId;
        this.chat = chat;
        this.members = members;
        this.work = work;
        this.inFlight = inFlight;
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent e) {
        if (!e.isFromGuild() || e.getAuthor().isBot() || e.isWebhookMessage()) return;
        if (e.getChannelType() != ChannelType.GUILD_PUBLIC_THREAD) return;
        ThreadChannel thread = e.getChannel().asThreadChannel();
        // a post is the thread's first message, whose id is the thread's
        if (!thread.getParentChannel().getId().equals(forumId) || e.getMessageIdLong() != thread.getIdLong()) return;
        Caller caller = members.caller(e.getAuthor(), e.getMember(), null, thread.getId());
        if (caller.role() != Role.LEARNER) return; // instructors' posts are announcements, not questions
        String question = question(thread.getName(), e.getMessage().getContentDisplay());
        if (question == null) {
            if (!warnedEmpty) {
                warnedEmpty = true;
                log.warn("a post on the question board ({}) came with no text: switch on the message-content intent for "
                        + "the bot in Discord's developer portal (see README, \"The question board\")", forumId);
            }
            return;
        }
        InFlight.Ticket ticket = inFlight.enter(inFlight.longestTool());
        if (ticket == null) return; // stopping: the post stays on the board for the instructors
        try {
            work.execute(() -> {
                try {
                    answer(thread, e.getMessage(), caller, question);
                } finally {
                    ticket.leave();
                }
            });
        } catch (RejectedExecutionException stopping) {
            ticket.leave();
        }
    }

    /**
     * Title and text as one line (arguments take no control characters), clipped to what queue.ask takes; null when
     * the post has no text.
     */
    static String question(String title, String text) {
        String body = text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").replaceAll("\\s{2,}", " ").strip();
        if (body.isEmpty()) return null;
        String head = title == null ? "" : title.replaceAll("\\p{Cntrl}+", " ").strip();
        String q = head.isEmpty() || body.startsWith(head) ? body : head + " — " + body;
        return q.length() > QUESTION_LIMIT ? q.substring(0, QUESTION_LIMIT - 1) + "…" : q;
    }

    private void answer(ThreadChannel thread, Message post, Caller caller, String question) {
        Outcome o = chat.gateway().invoke(caller, "queue.ask", Map.of("question", question), Origin.FORUM);
        if (!(o instanceof Outcome.Done done)) {
            // the refusal is the gateway's own text for the member (no secret), and its audit row is written
            log.warn("a question-board post by {} was not queued: {}", caller.id(), o);
            return;
        }
        // a post carries no client language: the question's own (as queue.ask answered in)
        Caller.Lang lang = dev.labhand.ask.KnowledgeIndex.languageOf(question, caller.locale());
        String text = Messages.get(lang, "desk.forum.automatic") + "\n\n" + done.text();
        post.reply(ReplyRenderer.inert(clip(text))).queue(ok -> { },
                err -> log.warn("the automatic answer could not be posted in thread {}: {}", thread.getId(), err.toString()));
    }

    /** Posts an instructor's answer in the thread of a question that came from the board; others are left alone. */
    void postAnswer(JDA jda, Question q, String instructorName, String answer) {
        String threadId = q.forumThread().orElse(null);
        if (threadId == null) return;
        ThreadChannel thread = jda.getThreadChannelById(threadId);
        if (thread == null || !thread.getParentChannel().getId().equals(forumId)) {
            log.warn("question #{} came from board thread {}, which the bot no longer sees; the learner got the answer by DM",
                    q.id(), threadId);
            return;
        }
        String text = Messages.get(q.lang(), "desk.forum.answer", "instructor", instructorName, "answer", answer);
        thread.sendMessage(ReplyRenderer.inert(clip(text))).queue(ok -> { },
                err -> log.warn("the answer to question #{} could not be posted in its thread: {}", q.id(), err.toString()));
    }

    private static String clip(String text) {
        return text.length() > 1900 ? text.substring(0, 1900) + "…" : text;
    }
}
