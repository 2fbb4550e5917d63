package dev.labhand.discord;

import dev.labhand.chat.Reply;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a finished reply where it belongs. Within the interaction token's life it replaces the
 * deferred reply; a secret that a public tool returned goes to an ephemeral follow-up instead. Past
 * the token's life (15 minutes, a long pull) a public answer becomes an ordinary channel message and a
 * private one a DM: secrets never reach a public channel.
 */
final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private final ReplyRenderer renderer;
    private final Clock clock;
    private final Duration tokenLife;

    Delivery(ReplyRenderer renderer, Clock clock, Duration tokenLife) {
        this.renderer = renderer;
        this.clock = clock;
        this.tokenLife = tokenLife;
    }

    Duration tokenLife() {
        return tokenLife;
    }

    /** @param deferredPrivately how the interaction was acknowledged (ephemeral or not) */
    void finish(InteractionHook hook, Instant started, Reply reply, boolean deferredPrivately, MessageChannel channel,
                User user, Lang lang) {
        boolean tokenAlive = clock.instant().isBefore(started.plus(tokenLife));
        if (!tokenAlive) {
            if (deferredPrivately || reply.secret()) {
                dm(user, reply, lang);
            } else {
                channel.sendMessage(user.getAsMention() + "\n" + renderer.text(reply))
                        .setComponents(renderer.buttons(reply, lang, false)).queue(ok -> { }, err -> failed("channel", err));
            }
            return;
        }
        if (reply.secret() && !deferredPrivately) {
            hook.editOriginal(Messages.get(lang, "discord.sent-privately")).queue(ok -> { }, err -> failed("edit", err));
            hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(true)
                    .setComponents(renderer.buttons(reply, lang, false)).queue(ok -> { }, err -> failed("followup", err));
            return;
        }
        hook.editOriginal(new MessageEditBuilder().setContent("").setEmbeds(renderer.embed(reply))
                .setComponents(renderer.buttons(reply, lang, false)).build()).queue(ok -> { }, err -> failed("edit", err));
    }

    /** Sends a reply as a direct message (secrets after the token ended, DM conversations). */
    void dm(User user, Reply reply, Lang lang) {
        user.openPrivateChannel().flatMap(ch -> ch.sendMessage(renderer.text(reply))
                        .setComponents(renderer.buttons(reply, lang, false)))
                .queue(ok -> { }, err -> failed("dm", err));
    }

    private static void failed(String what, Throwable err) {
        log.warn("could not deliver a reply ({}): {}", what, err.toString());
    }
}
