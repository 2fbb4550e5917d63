package dev.labhand.discord;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Notifier.Action;
import dev.labhand.tool.Origin;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buttons under a notice ({@link dev.labhand.tool.Notifier.Action}): an idle workspace's [Keep 1 h]
 * [Stop now]. A button's id holds the tool and its arguments and nothing else; a press runs that call through
 * the gateway as the member who pressed (origin button), so role, ownership and confirmation are checked and
 * the press is audited like a typed command. The answer comes privately; the notice's buttons are then
 * disabled, so a notice is answered once.
 */
final class NoticeButtons extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(NoticeButtons.class);
    static final String PREFIX = "lh:act:";
    /** Discord's limit on a component's custom id. */
    static final int MAX_ID = 100;

    private final ChatService chat;
    private final MemberMapper members;
    private final Delivery delivery;
    private final ExecutorService work;
    private final InFlight inFlight;
    private final Clock clock;

    NoticeButtons(ChatService chat, MemberMapper members, Delivery delivery, ExecutorService work, InFlight inFlight,
                  Clock clock) {
        this.chat = chat;
        this.members = members;
        this.delivery = delivery;
        this.work = work;
        this.inFlight = inFlight;
        this.clock = clock;
    }

    /** The buttons for a notice's actions, one row; an action whose id would not fit is left out (it is in the text). */
    static List<ActionRow> rows(List<Action> actions, List<String> labels, boolean disabled) {
        List<Button> buttons = new ArrayList<>();
        for (int i = 0; i < actions.size() && buttons.size() < 5; i++) {
            String id = id(actions.get(i));
            if (id.length() > MAX_ID) continue;
            Button b = i == 0 ? Button.primary(id, labels.get(i)) : Button.secondary(id, labels.get(i));
            buttons.add(disabled ? b.asDisabled() : b);
        }
        return buttons.isEmpty() ? List.of() : List.of(ActionRow.of(buttons));
    }

    /** {@code lh:act:workspace.keep?name=x}: the tool, then its arguments URL-encoded, in name order. */
    static String id(Action a) {
        StringBuilder out = new StringBuilder(PREFIX).append(a.tool()).append('?');
        List<String> pairs = new ArrayList<>();
        new java.util.TreeMap<>(a.args()).forEach((k, v) -> pairs.add(enc(k) + "=" + enc(v)));
        return out.append(String.join("&", pairs)).toString();
    }

    /** The call a button id names; empty when it is not one of these buttons or is malformed. */
    static Optional<Action> parse(String id) {
        if (!id.startsWith(PREFIX)) return Optional.empty();
        String rest = id.substring(PREFIX.length());
        int q = rest.indexOf('?');
        if (q <= 0) return Optional.empty();
        Map<String, String> args = new LinkedHashMap<>();
        for (String pair : rest.substring(q + 1).split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) return Optional.empty();
            args.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return Optional.of(new Action("", rest.substring(0, q), args));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent e) {
        Optional<Action> action = parse(e.getComponentId());
        if (action.isEmpty()) return;
        InFlight.Ticket ticket = inFlight.enter(chat.gateway().catalog().find(action.get().tool())
                .map(t -> t.spec().timeout()).orElse(java.time.Duration.ofMinutes(1)));
        if (ticket == null) {
            e.reply(dev.labhand.i18n.Messages.get(members.clientLang(e.getUserLocale()), "discord.restarting"))
                    .setEphemeral(true).queue();
            return;
        }
        Instant started = clock.instant();
        var hook = e.getHook();
        var message = e.getMessage();
        e.deferReply(true).queue(acked -> ticket.runOn(work, () -> {
            Caller caller = members.caller(e.getUser(), e.getMember(), e.getUserLocale(), e.getChannelId());
            Reply reply = chat.run(caller, action.get().tool(), action.get().args(), Origin.BUTTON,
                    new HookProgress(hook, clock, started, delivery.tokenLife()));
            if (reply.kind().equals("done")) disable(message);
            return delivery.finish(hook, started, reply, true, e.getChannel(), e.getUser(), caller.locale());
        }, "a notice button's call"), err -> {
            log.warn("could not acknowledge a notice button: {}", err.toString());
            ticket.leave();
        });
    }

    /** The notice was answered: its buttons stay visible, disabled. */
    private static void disable(net.dv8tion.jda.api.entities.Message message) {
        List<ActionRow> rows = message.getComponents().stream()
                .filter(c -> c instanceof ActionRow).map(c -> (ActionRow) c)
                .map(r -> ActionRow.of(r.getButtons().stream().map(Button::asDisabled).toList())).toList();
        if (!rows.isEmpty()) message.editMessageComponents(rows).queue(ok -> { }, err -> { });
    }
}
