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
 * private one a DM: secrets never reach a public channel. A refusal (denied, invalid) of a publicly
 * deferred call may name what was asked for, another member's workspace say, so it goes to the asker
 * alone as well, and the public deferred message is removed.
 *
 * <p>No message mentions anyone ({@link ReplyRenderer#NO_MENTIONS}; edits set it too, since JDA's default
 * applies only to new messages) except the asker, on purpose, when a late answer is posted in the channel.
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
            if (deferredPrivately || reply.secret() || reply.refusal()) return dm(user, reply, lang);
            // the one mention the bot makes on purpose: the asker, whose answer arrives late
            return settled(channel.sendMessage(user.getAsMention() + "\n" + renderer.text(reply)).mentionUsers(user.getId())
                    .setFiles(renderer.files(reply)).setComponents(renderer.buttons(reply, lang, false)), "channel");
        }
        if (reply.refusal() && !deferredPrivately) {
            // resolve the public "thinking" message first (the follow-up after it is then a message of its own,
            // ephemeral as asked), answer the asker alone, then take the public message away
            return settled(hook.editOriginal(Messages.get(lang, "discord.answered-privately"))
                    .setAllowedMentions(ReplyRenderer.NO_MENTIONS)
                    .flatMap(edited -> hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(true))
                    .flatMap(sent -> hook.deleteOriginal()), "refusal");
        }
        if (reply.secret() && !deferredPrivately) {
            // in this order: a follow-up sent while the public message still loads would replace it, publicly
            return settled(hook.editOriginal(Messages.get(lang, "discord.sent-privately"))
                    .setAllowedMentions(ReplyRenderer.NO_MENTIONS)
                    .flatMap(edited -> hook.sendMessageEmbeds(renderer.embed(reply)).setEphemeral(true)
                            .setFiles(renderer.files(reply)).setComponents(renderer.buttons(reply, lang, false))), "followup");
        }
        return settled(hook.editOriginal(new MessageEditBuilder().setContent("").setEmbeds(renderer.embed(reply))
                .setFiles(renderer.files(reply)).setComponents(renderer.buttons(reply, lang, false)).setAllowedMentions(ReplyRenderer.NO_MENTIONS)
                .build()), "edit");
    }

    /** Sends a reply as a direct message (secrets after the token ended, DM conversations). */
    CompletableFuture<Void> dm(User user, Reply reply, Lang lang) {
        return settled(user.openPrivateChannel().flatMap(ch -> ch.sendMessage(renderer.text(reply))
                .setFiles(renderer.files(reply)).setComponents(renderer.buttons(reply, lang, false))), "dm");
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
