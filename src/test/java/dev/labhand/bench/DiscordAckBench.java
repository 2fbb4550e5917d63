package dev.labhand.bench;

import dev.labhand.discord.DiscordBot;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Interaction → first acknowledgement latency through the real JDA client (a benchmark harness, not a
 * test; run by {@code scripts/bench.sh}). The loopback fake Discord dispatches INTERACTION_CREATE on
 * its websocket and records when the bot's callback (the deferred reply) arrives over REST; the
 * difference is what Discord's 3-second limit is about. Two shapes: a stream of interactions one at a
 * time (the target: p99 under 50 ms), and bursts of 25 dispatched within a millisecond or two (a class
 * pressing enter together; a stress view, reported without a target: JDA reads one gateway socket on
 * one thread, so a burst's last interaction waits for the ones before it). The tool behind it
 * ({@code workspace.list}) keeps running on workers after the acknowledgement, as in real use.
 */
public final class DiscordAckBench {
    private static final long GUILD = 700000000000000001L;
    private static final long CHANNEL = 700000000000000002L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    public static void main(String[] args) throws Exception {
        int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int bursts = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("labhand-ackbench-");
        try (FakeDiscord discord = FakeDiscord.start()) {
            discord.addGuild(GUILD, Map.of(), CHANNEL);
            try (TestApp t = new TestApp(dir, "", config(discord), Clock.systemUTC())) {
                DiscordBot bot = DiscordBot.start(t.app.config, FakeDiscord.TOKEN, t.app.chat, t.app.suggestions,
                        t.app.members, Clock.systemUTC(), DiscordBot.TOKEN_LIFE);
                try {
                    measure(discord, 50);                                  // warm-up, not reported
                    double[] one = measure(discord, sequential);
                    double[] burst = measureBursts(discord, bursts, 25);
                    System.out.printf("%nDiscord interaction -> first acknowledgement (real JDA 6.5, loopback fake Discord)%n");
                    report("one at a time", one);
                    report("bursts of 25", burst);
                    System.out.printf("  target p99 < 50 ms (one at a time): %s; Discord allows 3000 ms%n",
                            percentile(one, 99) < 50 ? "HOLDS" : "MISSED");
                } finally {
                    bot.close();
                }
            }
        }
    }

    private static String config(FakeDiscord discord) {
        return """
                discord:
                  guilds: ["%d"]
                  restBaseUrl: %s
                  gatewayUrl: %s
                """.formatted(GUILD, discord.restBaseUrl(), discord.gatewayUrl());
    }

    private static double[] measure(FakeDiscord discord, int n) {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            User user = learner(i);
            long sent = System.nanoTime();
            long id = discord.slashCommand(user, GUILD, CHANNEL, "workspace", "list", Map.of());
            ms[i] = (discord.awaitCallback(id, WAIT).receivedNanos() - sent) / 1e6;
        }
        return ms;
    }

    private static double[] measureBursts(FakeDiscord discord, int bursts, int size) {
        List<Double> all = new ArrayList<>();
        for (int b = 0; b < bursts; b++) {
            long[] ids = new long[size];
            long[] sent = new long[size];
            for (int i = 0; i < size; i++) {
                sent[i] = System.nanoTime();
                ids[i] = discord.slashCommand(learner(b * size + i), GUILD, CHANNEL, "workspace", "list", Map.of());
            }
            for (int i = 0; i < size; i++) {
                all.add((discord.awaitCallback(ids[i], WAIT).receivedNanos() - sent[i]) / 1e6);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static User learner(int i) {
        return new User(810000000000000000L + i % 200, "learner" + i % 200, i % 2 == 0 ? "ko" : "en-US", List.of());
    }

    private static void report(String label, double[] ms) {
        System.out.printf("  %-14s n=%4d  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms%n", label, ms.length,
                percentile(ms, 50), percentile(ms, 90), percentile(ms, 99), Arrays.stream(ms).max().orElse(0));
    }

    private static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }
}
