package dev.labhand.discord;

import dev.labhand.tool.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.dv8tion.jda.api.interactions.InteractionHook;

/**
 * Shows a long tool's progress by editing the deferred reply, at most once per interval (Discord's
 * rate limits, and readers, prefer fewer edits), and stops editing before the interaction token ends.
 */
final class HookProgress implements Progress {
    static final Duration INTERVAL = Duration.ofMillis(1500);
    private final InteractionHook hook;
    private final Clock clock;
    private final Instant started;
    private final Duration tokenLife;
    private Instant lastEdit = Instant.MIN;

    HookProgress(InteractionHook hook, Clock clock, Instant started, Duration tokenLife) {
        this.hook = hook;
        this.clock = clock;
        this.started = started;
        this.tokenLife = tokenLife;
    }

    @Override
    public synchronized void report(String text) {
        Instant now = clock.instant();
        if (now.isAfter(started.plus(tokenLife)) || now.isBefore(lastEdit.plus(INTERVAL))) return;
        lastEdit = now;
        hook.editOriginal("⏳ " + ReplyRenderer.inert(text)).setAllowedMentions(ReplyRenderer.NO_MENTIONS)
                .queue(ok -> { }, err -> { });
    }
}
