package dev.labhand.discord;

import dev.labhand.chat.Reply;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.RestAction;
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

    /**
     * @param deferredPrivately how the interaction was acknowledged (ephemeral or not)
     * @return completes once every message of this reply reached Discord or failed (failures are logged):
     *         what a shutdown waits for before it closes the connection
     */
    CompletableFuture<Void> finish(InteractionHook hook, Instant started, Reply reply, boolean deferredPrivately,
                                   MessageChannel channel, User user, Lang lang) {
        boolean tokenAlive = clock.instant().isBefore(started.plus(tokenLife));
        if (!tokenAlive) {
            if (deferredPrivately || reply.secret()) {
                return dm(user, reply, lang);
            }
            return settled(channel.sendMessage(user.getAsMention() + "\n" + renderer.text(reply))
                    .setComponents(renderer.buttons(reply, lang, false)), "channel");
        }
        if (reply.secret() && !deferredPrivately) {
            return CompletableFuture.allOf(
                    settled(hook.editOriginal(Messages.get(lang, "discord.sent-privately")), "edit"),
                    settled(hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(true)
                            .setComponents(renderer.buttons(reply, lang, false)), "followup"));
        }
        return settled(hook.editOriginal(new MessageEditBuilder().setContent("").setEmbeds(renderer.embed(reply))
                .setComponents(renderer.buttons(reply, lang, false)).build()), "edit");
    }

    /** Sends a reply as a direct message (secrets after the token ended, DM conversations). */
    CompletableFuture<Void> dm(User user, Reply reply, Lang lang) {
        return settled(user.openPrivateChannel().flatMap(ch -> ch.sendMessage(renderer.text(reply))
                .setComponents(renderer.buttons(reply, lang, false))), "dm");
    }

    /**
     * Submits a request and completes when Discord answered it (after any rate-limit waits inside JDA) or it
     * failed, which is logged: a delivery's future never completes exceptionally.
     */
    static CompletableFuture<Void> settled(RestAction<?> action, String what) {
        try {
            return action.submit().handle((ok, err) -> {
                if (err != null) failed(what, err);
                return null;
            });
        } catch (RuntimeException rejected) {
            failed(what, rejected);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void failed(String what, Throwable err) {
        log.warn("could not deliver a reply ({}): {}", what, err.toString());
    }
}
