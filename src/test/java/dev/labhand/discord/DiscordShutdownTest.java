package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.i18n.Messages;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.EngineHoldProxy;
import dev.labhand.support.LabhandProcess;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller.Lang;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code labhand discord} process, stopped with SIGTERM in the middle of a create: the real JDA in
 * the child talks to the loopback fake Discord here, and the child's engine calls go through a proxy that
 * holds the container's start until the test has checked what happens during the shutdown.
 */
final class DiscordShutdownTest {
    static final long GUILD = 700000000000000101L;
    static final long CHANNEL = 700000000000000102L;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final User ALICE = new User(800000000000000101L, "alice", "ko", List.of());
    static final User BOB = new User(800000000000000102L, "bob", "en-US", List.of());

    @TempDir
    Path dir;

    @Test
    void should_deliver_the_running_create_answer_restarting_and_exit_0_on_sigterm() throws Exception {
        DockerPeer.engine(); // fails with what to run when the engine or the test image is missing
        String name = "sd-" + UUID.randomUUID().toString().substring(0, 8);
        try (FakeDiscord discord = FakeDiscord.start();
             EngineHoldProxy engine = new EngineHoldProxy("/var/run/docker.sock", "/start HTTP")) {
            discord.addGuild(GUILD, Map.of(), CHANNEL);
            Path config = TestApp.writeConfig(dir, "", """
                    discord:
                      guilds: ["%d"]
                      restBaseUrl: %s
                      gatewayUrl: %s
                    """.formatted(GUILD, discord.restBaseUrl(), discord.gatewayUrl()));
            Files.writeString(config, Files.readString(config).replace(DockerPeer.HOST, engine.dockerHost()));
            ProcessBuilder pb = LabhandProcess.builder(dir, "discord", "--config", config.toString());
            pb.environment().put("DISCORD_TOKEN", FakeDiscord.TOKEN);
            Path stderr = dir.resolve("stderr.txt");
            pb.redirectError(stderr.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile());
            Process bot = pb.start();
            try {
                discord.awaitCall(c -> c.is("PUT", "applications/\\d+/guilds/\\d+/commands"), Duration.ofSeconds(120));

                long create = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "create",
                        Map.of("template", "busybox-cpu", "name", name));
                assertThat(discord.awaitCallback(create, WAIT).body().path("type").asInt()).isEqualTo(5);
                engine.awaitHeld(WAIT); // the container exists; its start waits at the engine

                bot.destroy(); // SIGTERM
                awaitText(stderr, "labhand: stopping");
                long late = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "list", Map.of());
                Call restarting = discord.awaitCallback(late, WAIT);
                assertThat(restarting.body().path("type").asInt()).isEqualTo(4);
                assertThat(restarting.body().path("data").path("flags").asInt() & 64).isEqualTo(64);
                assertThat(restarting.body().path("data").path("content").asText())
                        .isEqualTo(Messages.get(Lang.EN, "discord.restarting"));
                assertThat(bot.isAlive()).as("the bot waits for the running create").isTrue();

                engine.release();
                Call done = awaitFollowup(discord, create, "docker run");
                assertThat(DiscordBotTest.messageText(done)).contains(name);
                assertThat(bot.waitFor(60, TimeUnit.SECONDS)).as("the bot exits once the answer was delivered").isTrue();
                String err = Files.readString(stderr);
                assertThat(bot.exitValue()).as(err).isZero();
                assertThat(err + Files.readString(dir.resolve("labhand.log"))).doesNotContain("RejectedExecutionException");
                assertThat(discord.followups(late)).as("nothing ran for the interaction answered 'restarting'").isEmpty();
            } finally {
                engine.release();
                if (bot.isAlive()) {
                    bot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                DockerPeer.removeContainersNamed(DockerPeer.engine(), List.of("lh-" + name));
            }
        }
    }

    static Call awaitFollowup(FakeDiscord discord, long interactionId, String containing) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Call c : discord.followups(interactionId)) {
                if (DiscordBotTest.messageText(c).contains(containing)) return c;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no follow-up containing '" + containing + "' for " + interactionId + ": "
                + discord.followups(interactionId));
    }

    private static void awaitText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("'" + text + "' never appeared in " + file + ":\n"
                + (Files.exists(file) ? Files.readString(file) : "(no file)"));
    }
}
