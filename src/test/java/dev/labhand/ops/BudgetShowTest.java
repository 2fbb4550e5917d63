package dev.labhand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.console.ConsoleFrontEnd;
import dev.labhand.discord.DiscordBot;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * budget.show: the figures by member and by VM, the on-demand vs spot line, and the chart, as a PNG that decodes;
 * a file path in the console and an attachment shown in the embed on the loopback Discord.
 */
final class BudgetShowTest {
    private static final String BUDGETS = """
            budgets:
              classUsd: 10
              memberUsd: 2
            """;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Two days: alice alone on her on-demand VM 2 h, then alice and bob sharing a spot VM 4 h. */
    private static void spend(TestApp t, MutableClock clock) {
        t.app.hosts.insert(BudgetPolicyTest.vmRecord("alicevm", "alice", false, clock));
        t.app.operations.accrue();
        clock.advance(Duration.ofHours(2)); // alice: 2 × 0.526 = 1.052 (spot would be 0.316)
        t.app.operations.accrue();
        t.app.hosts.setState("alicevm", "deallocated", null);
        clock.advance(Duration.ofDays(1));
        t.app.operations.accrue();
        t.app.hosts.insert(BudgetPolicyTest.vmRecord("sharedvm", "inst", true, clock));
        BudgetPolicyTest.running(t, "ws-a", "alice", "sharedvm", clock);
        BudgetPolicyTest.running(t, "ws-b", "bob", "sharedvm", clock);
        clock.advance(Duration.ofHours(4)); // 2 h each × 0.158 = 0.316 (on demand 1.052)
        t.app.operations.accrue();
    }

    @Test
    void should_show_the_class_by_member_and_vm_with_the_teaching_line_and_a_chart() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (TestApp t = new TestApp(dir, "", BUDGETS, clock)) {
            spend(t, clock);
            Outcome o = t.call(TestApp.instructor("inst"), "budget.show", Map.of());
            assertThat(o).isInstanceOf(Outcome.Done.class);
            Outcome.Done d = (Outcome.Done) o;
            // class: 1.052 + 0.316 + 0.316 = 1.684 of 10
            assertThat(d.text()).contains("The class: spent $1.68 of $10.00 (16%)", "alice: spent $1.37 of $2.00 (68%)",
                    "bob: spent $0.32 of $2.00 (15%)", "alicevm: 2.0 h, $1.05", "sharedvm: 4.0 h, $0.63",
                    // 6 VM hours: on demand 2 × 0.526 + 4 × 0.526 = 3.156; spot 6 × 0.158 = 0.948
                    "The same 6.0 VM hours cost $3.16 on demand and $0.95 as spot (70% less); billed: $1.68");
            assertThat(d.command()).startsWith("aws ce get-cost-and-usage");
            BufferedImage chart = ImageIO.read(new ByteArrayInputStream(d.attachment().bytes()));
            assertThat(d.attachment().fileName()).isEqualTo("spend.png");
            assertThat(chart.getWidth()).isEqualTo(800);
            assertThat(chart.getHeight()).isEqualTo(500);
            assertThat(hasRed(chart)).as("the budget line is drawn").isTrue();
        }
    }

    @Test
    void should_show_a_learner_their_own_spending_only() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (TestApp t = new TestApp(dir, "", BUDGETS, clock)) {
            spend(t, clock);
            Caller bob = TestApp.learner("bob");
            Outcome.Done mine = (Outcome.Done) t.call(bob, "budget.show", Map.of());
            assertThat(mine.text()).contains("bob: spent $0.32 of $2.00 (15%)", "sharedvm: 2.0 h, $0.32")
                    .doesNotContain("alice", "alicevm", "The class");
            assertThat(mine.attachment()).isNotNull();
            Outcome theirs = t.call(bob, "budget.show", Map.of("member", "alice"));
            assertThat(theirs).isInstanceOf(Outcome.Denied.class);
            Outcome none = t.call(TestApp.learner("carol"), "budget.show", Map.of());
            assertThat(((Outcome.Done) none).text()).contains("carol: spent $0.00 of $2.00 (0%)", "Nothing spent yet");
        }
    }

    @Test
    void should_write_the_chart_to_a_file_the_console_names() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (TestApp t = new TestApp(dir, "", BUDGETS, clock)) {
            spend(t, clock);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            new ConsoleFrontEnd(t.app.chat, TestApp.instructor("inst"), out, false, dir.resolve("files"))
                    .run(new BufferedReader(new StringReader("/budget show by:vm")));
            String text = bytes.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(/\\S+spend\\.png)").matcher(text);
            assertThat(m.find()).as(text).isTrue();
            Path png = Path.of(m.group(1));
            assertThat(png).startsWith(dir.resolve("files"));
            assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(800);
        }
    }

    @Test
    void should_attach_the_chart_on_discord_and_time_the_acknowledgement() throws Exception {
        long guild = 700000000000000101L;
        long channel = 700000000000000102L;
        long instructorRole = 700000000000000110L;
        FakeDiscord.User ines = new FakeDiscord.User(800000000000000103L, "ines", "en-US", List.of(instructorRole));
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (FakeDiscord discord = FakeDiscord.start()) {
            discord.addGuild(guild, Map.of(instructorRole, "Instructor"), channel);
            try (TestApp t = new TestApp(dir, "", BUDGETS + discord.botConfig(guild), clock)) {
                spend(t, clock);
                DiscordBot bot = discord.startBot(t, DiscordBot.TOKEN_LIFE);
                try {
                    bot.timeAcknowledgements(t.app.operations.metrics()::discordAck);
                    long id = discord.slashCommand(ines, guild, channel, "budget", "show", Map.of());
                    discord.awaitCallback(id, WAIT);
                    FakeDiscord.Call edit = discord.awaitCall(c -> c.method().equals("PATCH")
                            && c.path().endsWith("/messages/@original") && c.body() != null
                            && c.body().has("_files"), WAIT);
                    JsonNode file = edit.body().get("_files").get(0);
                    assertThat(file.path("filename").asText()).isEqualTo("spend.png");
                    assertThat(file.path("size").asInt()).isGreaterThan(5_000);
                    JsonNode embed = edit.body().path("embeds").get(0);
                    assertThat(embed.path("image").path("url").asText()).isEqualTo("attachment://spend.png");
                    assertThat(embed.path("description").asText()).contains("The class: spent $1.68 of $10.00");
                    String scrape = t.app.operations.metrics().scrape(null, null, null);
                    assertThat(OperationsEndpointTest.value(scrape, "labhand_discord_ack_seconds_count")).isEqualTo(1);
                } finally {
                    bot.close();
                }
            }
        }
    }

    private static boolean hasRed(BufferedImage image) {
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 40 && (rgb & 0xff) < 40) return true;
            }
        }
        return false;
    }
}
