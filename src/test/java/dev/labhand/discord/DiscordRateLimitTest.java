package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discord's rate limits end to end: the loopback fake answers follow-ups and edits with 429 and Discord's
 * headers, and the real JDA client in the bot waits the bucket out and delivers every reply.
 */
final class DiscordRateLimitTest {
    static final long GUILD = 700000000000000201L;
    static final long CHANNEL = 700000000000000202L;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration RETRY_AFTER = Duration.ofMillis(500);
    static final User ALICE = new User(800000000000000201L, "alice", "en-US", List.of());
    static final User BOB = new User(800000000000000202L, "bob", "en-US", List.of());
    static final User CAROL = new User(800000000000000203L, "carol", "ko", List.of());

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private TestApp t;
    private DiscordBot bot;

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (t != null) t.close();
        if (discord != null) discord.close();
    }

    @Test
    void should_deliver_every_reply_once_a_rate_limited_bucket_resets() throws Exception {
        discord = FakeDiscord.start();
        discord.addGuild(GUILD, Map.of(), CHANNEL);
        t = new TestApp(dir, "", discord.botConfig(GUILD), Clock.systemUTC());
        bot = discord.startBot(t, DiscordBot.TOKEN_LIFE);
        Caller alice = new Caller(Long.toString(ALICE.id()), "alice", Role.LEARNER, Caller.Lang.EN, "setup");
        assertThat(t.call(alice, "workspace.create", Map.of("template", "busybox-cpu", "name", "rl-rm")))
                .isInstanceOf(Outcome.Done.class);

        // edits of deferred replies: the first three attempts are refused
        discord.rateLimitWebhooks(3, RETRY_AFTER);
        long aliceList = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "list", Map.of());
        long bobList = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "list", Map.of());
        long carolList = discord.slashCommand(CAROL, GUILD, CHANNEL, "workspace", "list", Map.of());
        long remove = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "remove", Map.of("name", "rl-rm"));

        assertThat(DiscordBotTest.messageText(awaitFollowup(aliceList, "rl-rm"))).contains("docker ps");
        awaitFollowup(bobList, "docker ps");
        awaitFollowup(carolList, "docker ps");
        String confirm = DiscordBotTest.confirmButton(awaitFollowup(remove, "/confirm"));
        assertThat(discord.rateLimitedCalls()).hasSize(3);
        assertRetriedAfterTheReset(discord.rateLimitedCalls());

        // a follow-up (the answer to a confirm button): refused twice, then delivered
        discord.rateLimitWebhooks(2, RETRY_AFTER);
        long press = discord.buttonPress(ALICE, GUILD, CHANNEL, discord.lastMessageId(), confirm);
        Call removed = awaitFollowup(press, "rl-rm");
        assertThat(removed.method()).isEqualTo("POST");
        assertThat(discord.rateLimitedCalls()).hasSize(5);
        assertRetriedAfterTheReset(discord.rateLimitedCalls());
        assertThat(t.app.workspaces.byName("rl-rm")).isEmpty();
    }

    /** Each refused request reached the fake again, with the same body, no sooner than Retry-After later. */
    private void assertRetriedAfterTheReset(List<Call> refused) {
        for (Call r : refused) {
            Call retried = discord.calls().stream()
                    .filter(c -> c.method().equals(r.method()) && c.path().equals(r.path())
                            && String.valueOf(c.body()).equals(String.valueOf(r.body())))
                    .filter(c -> c.receivedNanos() > r.receivedNanos())
                    .findFirst().orElseThrow(() -> new AssertionError("never delivered after its 429: " + r));
            assertThat(Duration.ofNanos(retried.receivedNanos() - r.receivedNanos()))
                    .as("retry of %s", r).isGreaterThanOrEqualTo(RETRY_AFTER.minusMillis(50));
        }
    }

    private Call awaitFollowup(long interactionId, String containing) throws InterruptedException {
        return DiscordShutdownTest.awaitFollowup(discord, interactionId, containing);
    }
}
