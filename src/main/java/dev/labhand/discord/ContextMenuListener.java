package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Redactor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.UserContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's context menus and buttons. "Diagnose &amp; draft" on a message calls {@code desk.draft} with the
 * author and the message text, and shows the draft ephemerally with [Post as reply] [Discard]; posting replies to
 * the message from the bot (the draft is signed with the instructor's name) and mentions nobody, once
 * {@code desk.reply} recorded it through the gateway (checked and audited like every call); [Edit] opens the
 * draft in a form, and what the instructor sends back (redacted) replaces it. "Show workspaces
 * &amp; hosts" on a member calls {@code desk.member}. A staff channel's [Claim] calls {@code queue.claim}, its [Draft]
 * {@code desk.draft question:}, whose [Send to the learner] calls {@code queue.answer} with that draft. Every
 * action goes through the gateway as the member who pressed, so roles are checked and each use is audited; the
 * menus only carry ids. Drafts are kept in memory for the interaction token's life.
 */
final class ContextMenuListener extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ContextMenuListener.class);
    static final String POST = "lh:desk:post:";
    static final String DISCARD = "lh:desk:discard:";
    static final String EDIT = "lh:desk:edit:";
    static final String EDITED = "lh:desk:edited:";
    static final String DRAFT_FIELD = "draft";
    static final String CLAIM = "lh:desk:claim:";
    static final String QUESTION_DRAFT = "lh:desk:qdraft:";
    static final String SEND = "lh:desk:send:";
    static final String DROP = "lh:desk:drop:";
    /** The tools take one line of at most this many characters. */
    static final int TEXT_LIMIT = 256;
    private static final int MAX_DRAFTS = 500;
    /** A Discord message holds 2000 characters. */
    private static final int DRAFT_LIMIT = 1950;

    /** A draft waiting for its instructor's [Post as reply] or [Discard]. */
    record Draft(String instructorId, String channelId, String messageId, String authorId, String authorName,
                 String text, Instant expires) {}

    private final ChatService chat;
    private final MemberMapper members;
    private final ReplyRenderer renderer;
    private final ExecutorService work;
    private final InFlight inFlight;
    private final Clock clock;
    private final Duration draftLife;
    private final Map<String, Draft> drafts = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ContextMenuListener(ChatService chat, MemberMapper members, ReplyRenderer renderer, ExecutorService work,
                        InFlight inFlight, Clock clock, Duration draftLife) {
        this.chat = chat;
        this.members = members;
        this.renderer = renderer;
        this.work = work;
        this.inFlight = inFlight;
        this.clock = clock;
        this.draftLife = draftLife;
    }

    @Override
    public void onMessageContextInteraction(MessageContextInteractionEvent e) {
        if (!e.getName().equals(ContextMenus.DRAFT)) return;
        Message target = e.getTarget();
        User author = target.getAuthor();
        String text = oneLine(target.getContentDisplay());
        Map<String, String> args = new java.util.HashMap<>(Map.of("member", author.getId(),
                "text", text.isEmpty() ? "-" : text));
        String name = oneLine(author.getEffectiveName());
        if (!name.isEmpty()) args.put("name", name.length() > 64 ? name.substring(0, 64) : name);
        runPrivately(e, "desk.draft", args, (caller, reply) -> {
            if (!reply.kind().equals("done")) return plain(reply);
            String id = newDraftId();
            keep(id, new Draft(caller.id(), e.getChannelId(), target.getId(), author.getId(), name, reply.text(),
                    clock.instant().plus(draftLife)));
            return draftShown(id, name, reply.text(), caller.locale());
        });
    }

    /** A draft as its instructor sees it: whom it is for, the text, and [Post as reply] [Edit] [Discard]. */
    private MessageEditBuilder draftShown(String id, String name, String text, Lang lang) {
        return new MessageEditBuilder()
                .setContent(Messages.get(lang, "discord.desk.draft-for", "name", name,
                        "lang", text.codePoints().anyMatch(ContextMenuListener::hangul) ? "한국어" : "English"))
                .setEmbeds(renderer.embed(Reply.of("done", text)))
                .setComponents(ActionRow.of(
                        Button.primary(POST + id, Messages.get(lang, "discord.desk.button.post")),
                        Button.secondary(EDIT + id, Messages.get(lang, "discord.desk.button.edit")),
                        Button.secondary(DISCARD + id, Messages.get(lang, "discord.desk.button.discard"))));
    }

    /** [Edit]'s form sent back: the draft becomes the instructor's text (redacted), shown again with its buttons. */
    @Override
    public void onModalInteraction(ModalInteractionEvent e) {
        if (!e.getModalId().startsWith(EDITED)) return;
        String draftId = e.getModalId().substring(EDITED.length());
        Lang lang = members.clientLang(e.getUserLocale());
        Draft draft = drafts.get(draftId);
        var value = e.getValue(DRAFT_FIELD);
        if (draft == null || value == null || clock.instant().isAfter(draft.expires())
                || !draft.instructorId().equals(e.getUser().getId())) {
            e.reply(Messages.get(lang, draft == null ? "discord.desk.expired" : "discord.desk.not-yours"))
                    .setEphemeral(true).queue();
            return;
        }
        String text = Redactor.redact(value.getAsString().strip());
        if (text.isEmpty()) text = draft.text();
        Draft edited = new Draft(draft.instructorId(), draft.channelId(), draft.messageId(), draft.authorId(),
                draft.authorName(), text, draft.expires());
        drafts.put(draftId, edited);
        e.editMessage(draftShown(draftId, draft.authorName(), text, lang).build()).queue();
    }

    @Override
    public void onUserContextInteraction(UserContextInteractionEvent e) {
        if (!e.getName().equals(ContextMenus.MEMBER)) return;
        runPrivately(e, "desk.member", Map.of("member", e.getTarget().getId()), (caller, reply) -> plain(reply));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent e) {
        String id = e.getComponentId();
        if (id.startsWith(CLAIM)) {
            runPrivately(e, "queue.claim", Map.of("id", id.substring(CLAIM.length())), (caller, reply) -> plain(reply));
            return;
        }
        if (id.startsWith(QUESTION_DRAFT)) {
            // a queued question: the draft is kept with it, and [Send to the learner] answers it with that draft
            String question = id.substring(QUESTION_DRAFT.length());
            runPrivately(e, "desk.draft", Map.of("question", question), (caller, reply) -> !reply.kind().equals("done")
                    ? plain(reply) : new MessageEditBuilder().setContent("").setEmbeds(renderer.embed(reply))
                    .setComponents(ActionRow.of(
                            Button.primary(SEND + question, Messages.get(caller.locale(), "discord.desk.button.send")),
                            Button.secondary(DROP + question, Messages.get(caller.locale(), "discord.desk.button.discard")))));
            return;
        }
        if (id.startsWith(SEND)) {
            runPrivately(e, "queue.answer", Map.of("id", id.substring(SEND.length())), (caller, reply) -> plain(reply));
            return;
        }
        if (id.startsWith(DROP)) {
            e.editMessage(new MessageEditBuilder().setContent(Messages.get(members.clientLang(e.getUserLocale()),
                    "discord.desk.discarded")).setEmbeds(List.of()).setComponents(List.of()).build()).queue();
            return;
        }
        boolean post = id.startsWith(POST);
        boolean edit = id.startsWith(EDIT);
        if (!post && !edit && !id.startsWith(DISCARD)) return;
        String draftId = id.substring((post ? POST : edit ? EDIT : DISCARD).length());
        Lang lang = members.clientLang(e.getUserLocale());
        Draft draft = drafts.get(draftId);
        if (draft == null || clock.instant().isAfter(draft.expires())) {
            drafts.remove(draftId);
            e.editMessage(new MessageEditBuilder().setContent(Messages.get(lang, "discord.desk.expired"))
                    .setComponents(List.of()).build()).queue();
            return;
        }
        if (!draft.instructorId().equals(e.getUser().getId())) {
            e.reply(Messages.get(lang, "discord.desk.not-yours")).setEphemeral(true).queue();
            return;
        }
        if (edit) {
            e.replyModal(Modal.create(EDITED + draftId, Messages.get(lang, "discord.desk.edit.title"))
                    .addComponents(Label.of(Messages.get(lang, "discord.desk.edit.label"),
                            TextInput.create(DRAFT_FIELD, TextInputStyle.PARAGRAPH).setValue(draft.text())
                                    .setMaxLength(DRAFT_LIMIT).setRequired(true).build()))
                    .build()).queue();
            return;
        }
        drafts.remove(draftId);
        if (!post) {
            e.editMessage(new MessageEditBuilder().setContent(Messages.get(lang, "discord.desk.discarded"))
                    .setEmbeds(List.of()).setComponents(List.of()).build()).queue();
            return;
        }
        // desk.reply first: the role is checked again, the post is audited, and it counts as a first answer
        InFlight.Ticket ticket = inFlight.enter(Duration.ofMinutes(1));
        if (ticket == null) {
            e.reply(Messages.get(lang, "discord.restarting")).setEphemeral(true).queue();
            return;
        }
        Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), draft.channelId());
        MessageChannel here = e.getMessageChannel();
        InteractionHook hook = e.getHook();
        e.deferEdit().queue(acked -> {
            try {
                work.execute(() -> {
                    try {
                        post(caller, draft, here, hook, lang).whenComplete((ok, err) -> ticket.leave());
                    } catch (RuntimeException | Error failed) {
                        log.error("posting a draft failed", failed);
                        ticket.leave();
                    }
                });
            } catch (RejectedExecutionException closed) {
                ticket.leave();
            }
        }, err -> ticket.leave());
    }

    /** Records the reply through the gateway, then posts it as a reply to the learner's message, mentioning nobody. */
    private CompletableFuture<Void> post(Caller caller, Draft draft, MessageChannel here, InteractionHook hook, Lang lang) {
        Reply recorded = chat.run(caller, "desk.reply", Map.of("member", draft.authorId(), "message", draft.messageId()),
                Origin.CONTEXT_MENU, Progress.NONE);
        if (!recorded.kind().equals("done")) {
            return Delivery.settled(hook.editOriginal(plain(recorded).build()), "desk.reply");
        }
        MessageChannel found = hook.getJDA().getChannelById(MessageChannel.class, draft.channelId());
        MessageChannel channel = found == null ? here : found;
        return channel.sendMessage(draft.text())
                .setMessageReference(draft.messageId())
                .failOnInvalidReply(false)
                .mentionRepliedUser(false)
                .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class))
                .submit()
                .handle((sent, err) -> {
                    if (err != null) log.warn("a draft could not be posted as a reply: {}", err.toString());
                    return err != null ? new MessageEditBuilder().setContent(Messages.get(lang, "discord.desk.post-failed"))
                            : new MessageEditBuilder().setContent(Messages.get(lang, "discord.desk.posted", "name",
                                    draft.authorName()) + "\n" + recorded.text()).setEmbeds(List.of()).setComponents(List.of());
                })
                .thenCompose(edit -> Delivery.settled(hook.editOriginal(edit.build()), "desk.reply"));
    }

    /** What to show the caller once the tool answered. */
    @FunctionalInterface
    private interface Shown {
        MessageEditBuilder of(Caller caller, Reply reply);
    }

    /**
     * Acknowledges at once (ephemeral, nothing read before), then runs the tool as the member who used the menu
     * on a worker, and edits the acknowledgement with what {@code shown} makes of the reply.
     */
    private void runPrivately(IReplyCallback e, String tool, Map<String, String> args, Shown shown) {
        InFlight.Ticket ticket = inFlight.enter(chat.gateway().catalog().find(tool).map(t -> t.spec().timeout())
                .orElse(Duration.ofMinutes(1)));
        if (ticket == null) {
            e.reply(Messages.get(members.clientLang(e.getUserLocale()), "discord.restarting")).setEphemeral(true).queue();
            return;
        }
        var hook = e.getHook();
        Supplier<Caller> caller = () -> members.caller(e.getUser(), e.getMember(), e.getUserLocale(),
                e.getChannel() == null ? "" : e.getChannel().getId());
        e.deferReply(true).queue(acked -> {
            try {
                work.execute(() -> {
                    try {
                        Caller c = caller.get();
                        Reply reply = chat.run(c, tool, args, Origin.CONTEXT_MENU, Progress.NONE);
                        Delivery.settled(hook.editOriginal(shown.of(c, reply).build()), tool)
                                .whenComplete((ok, err) -> ticket.leave());
                    } catch (RuntimeException | Error failed) {
                        log.error("{} from a context menu failed", tool, failed);
                        ticket.leave();
                    }
                });
            } catch (RejectedExecutionException closed) {
                ticket.leave();
            }
        }, err -> {
            log.warn("could not acknowledge {}: {}", tool, err.toString());
            ticket.leave();
        });
    }

    private MessageEditBuilder plain(Reply reply) {
        return new MessageEditBuilder().setContent("").setEmbeds(renderer.embed(reply)).setComponents(List.of());
    }

    private void keep(String id, Draft draft) {
        Instant now = clock.instant();
        drafts.values().removeIf(d -> now.isAfter(d.expires()));
        if (drafts.size() >= MAX_DRAFTS) drafts.clear(); // a flood of drafts nobody posts: the oldest go
        drafts.put(id, draft);
    }

    private String newDraftId() {
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    /** A message as one line of at most {@link #TEXT_LIMIT} characters (the gateway refuses control characters). */
    static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() > TEXT_LIMIT ? line.substring(0, TEXT_LIMIT - 1) + "…" : line;
    }

    private static boolean hangul(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL;
    }
}
