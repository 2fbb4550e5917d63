package dev.labhand.chat;

import dev.labhand.i18n.Messages;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Notifier;
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

    public Notices(MemberRepository members, Lang fallback) {
        this.members = members;
        this.fallback = fallback;
    }

    /** Adds a delivery: (member id, text). */
    public void deliverWith(BiConsumer<String, String> delivery) {
        deliveries.add(delivery);
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
