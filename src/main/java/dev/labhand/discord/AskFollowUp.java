package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [Ask the instructor] under a learner's {@code /ask} answer: when the course notes did not settle it, one press puts
 * the same question (and workspace) to the instructors as {@code queue.ask}, through the gateway as the presser
 * (origin button, audited). The question is too long for a button's id, so it waits here, in memory, for an hour;
 * only the member who asked may press (the button is shown to them alone), once.
 */
final class AskFollowUp extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AskFollowUp.class);
    static final String TOOL = "ask.course";
    static final String PREFIX = "lh:askq:";
    static final Duration KEPT = Duration.ofHours(1);
    private static final int MAX_KEPT = 2000;

    private record Pending(String askerId, Map<String, String> args, Instant at) {}

    private final Map<String, Pending> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > MAX_KEPT;
        }
    };
    private final SecureRandom random = new SecureRandom();
    private final ChatService chat;
    private final MemberMapper members;
    private final ReplyRenderer renderer;
    private final ExecutorService work;
    private final InFlight inFlight;
    private final Clock clock;

    AskFollowUp(ChatService chat, MemberMapper members, ReplyRenderer renderer, ExecutorService work, InFlight inFlight,
                Clock clock) {
        this.chat = chat;
        this.members = members;
        this.renderer = renderer;
        this.work = work;
        this.inFlight = inFlight;
        this.clock = clock;
    }

    /** After a learner's answered {@code /ask}: a private follow-up offering the button; nothing for anyone else. */
    CompletableFuture<Void> offer(InteractionHook hook, Caller caller, String tool, Map<String, String> args, Reply reply) {
        if (!tool.equals(TOOL) || caller.role() != Role.LEARNER || !reply.kind().equals("done")) {
            return CompletableFuture.completedFuture(null);
        }
        String id = HexFormat.of().formatHex(bytes());
        synchronized (pending) {
            pending.put(id, new Pending(caller.id(), Map.copyOf(args), clock.instant()));
        }
        return Delivery.settled(hook.sendMessage(Messages.get(caller.locale(), "discord.ask.followup"))
                .setEphemeral(true)
                .setComponents(ActionRow.of(Button.secondary(PREFIX + id, Messages.get(caller.locale(), "discord.ask.button")))),
                "ask follow-up");
    }

    private byte[] bytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent e) {
        if (!e.getComponentId().startsWith(PREFIX)) return;
        String id = e.getComponentId().substring(PREFIX.length());
        Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
        Pending p;
        synchronized (pending) {
            p = pending.get(id);
            if (p != null && p.askerId().equals(caller.id())) pending.remove(id);
        }
        if (p == null || p.at().plus(KEPT).isBefore(clock.instant())) {
            e.reply(Messages.get(caller.locale(), "discord.ask.expired")).setEphemeral(true).queue();
            return;
        }
        if (!p.askerId().equals(caller.id())) {
            log.warn("{} pressed the ask-the-instructor button of {}: refused", caller.id(), p.askerId());
            e.reply(Messages.get(caller.locale(), "discord.ask.not-yours")).setEphemeral(true).queue();
            return;
        }
        InFlight.Ticket ticket = inFlight.enter(inFlight.longestTool());
        if (ticket == null) {
            e.reply(Messages.get(caller.locale(), "discord.restarting")).setEphemeral(true).queue();
            return;
        }
        var hook = e.getHook();
        e.editComponents(ActionRow.of(Button.secondary(e.getComponentId(), e.getButton().getLabel()).asDisabled()))
                .queue(acked -> ticket.runOn(work, () -> {
                    Map<String, String> args = new LinkedHashMap<>();
                    args.put("question", p.args().get("question"));
                    if (p.args().get("workspace") != null) args.put("workspace", p.args().get("workspace"));
                    Reply reply = chat.run(caller, "queue.ask", args, Origin.BUTTON, text -> { });
                    return Delivery.settled(hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(true), "ask queued");
                }, "an ask-the-instructor press"), err -> {
                    log.warn("could not acknowledge an ask-the-instructor press: {}", err.toString());
                    ticket.leave();
                });
    }
}
