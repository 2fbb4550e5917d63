package dev.labhand.chat;

import dev.labhand.i18n.Messages;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Notifier.Action;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Notifier} front ends plug into: each notice is put in the member's language (as last
 * seen, else the course default) and handed to every delivery the running front ends registered.
 * Notices are also logged, so one that no front end could deliver is not lost without a trace.
 */
public final class Notices implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);
    private final MemberRepository members;
    private final Lang fallback;
    private final List<BiConsumer<String, String>> deliveries = new CopyOnWriteArrayList<>();
    private final java.util.Map<BiConsumer<String, String>, ActionDelivery> actionDeliveries = new java.util.concurrent.ConcurrentHashMap<>();

    /** A front end that can offer a notice's actions (Discord: buttons). */
    @FunctionalInterface
    public interface ActionDelivery {
        /** @param labels each action's label in the member's language, in the order of {@code actions} */
        void deliver(String memberId, String text, List<Action> actions, List<String> labels);
    }

    public Notices(MemberRepository members, Lang fallback) {
        this.members = members;
        this.fallback = fallback;
    }

    /** Adds a delivery: (member id, text). */
    public void deliverWith(BiConsumer<String, String> delivery) {
        deliveries.add(delivery);
    }

    /** Adds a front end that delivers text, and notices with actions as {@code withActions} (Discord: buttons). */
    public void deliverWith(BiConsumer<String, String> text, ActionDelivery withActions) {
        actionDeliveries.put(text, withActions);
        deliveries.add(text);
    }

    /**
     * The notice and its actions: front ends that offer actions get them as such; the others get the text with
     * one line per action naming the command to type ({@code Keep 1 h: /workspace keep name:x}).
     */
    @Override
    public void notify(String memberId, List<Action> actions, String messageKey, Object... params) {
        Lang lang = members.knownLocale(memberId).orElse(fallback);
        String text = Messages.get(lang, messageKey, params);
        List<String> labels = actions.stream().map(a -> Messages.get(lang, a.labelKey())).toList();
        StringBuilder typed = new StringBuilder(text);
        for (int i = 0; i < actions.size(); i++) typed.append("\n  ").append(labels.get(i)).append(": ").append(command(actions.get(i)));
        log.info("notice for {}: {}", memberId, typed);
        for (BiConsumer<String, String> d : deliveries) {
            try {
                ActionDelivery offering = actionDeliveries.get(d);
                if (offering != null) offering.deliver(memberId, text, actions, labels);
                else d.accept(memberId, typed.toString());
            } catch (RuntimeException e) {
                log.warn("a notice for {} could not be delivered", memberId, e);
            }
        }
    }

    /** The slash command that makes the action's call: {@code /workspace keep name:x}. */
    public static String command(Action a) {
        StringBuilder out = new StringBuilder("/").append(a.tool().replace('.', ' '));
        new java.util.TreeMap<>(a.args()).forEach((k, v) -> out.append(' ').append(k).append(':').append(v));
        return out.toString();
    }

    @Override
    public void notify(String memberId, String messageKey, Object... params) {
        Lang lang = members.knownLocale(memberId).orElse(fallback);
        String text = Messages.get(lang, messageKey, params);
        log.info("notice for {}: {}", memberId, text);
        for (BiConsumer<String, String> d : deliveries) {
            try {
                d.accept(memberId, text);
            } catch (RuntimeException e) {
                log.warn("a notice for {} could not be delivered", memberId, e);
            }
        }
    }
}
