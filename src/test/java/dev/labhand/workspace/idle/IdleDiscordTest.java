package dev.labhand.workspace.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.discord.DiscordBot;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle warning on the loopback Discord through the real JDA client: a DM with [Keep 1 h] [Stop now]; each
 * press runs its tool through the gateway as the member who pressed (audited, origin button), answers privately
 * and disables the notice's buttons; someone else's press is refused.
 */
final class IdleDiscordTest {
    private static final long GUILD = 830000000000000001L;
    private static final long CHANNEL = 830000000000000002L;
    private static final User ALICE = new User(830000000000000011L, "alice", "en-US", List.of());
    private static final User BOB = new User(830000000000000012L, "bob", "en-US", List.of());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private IdleTestBed bed;
    private DiscordBot bot;

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (bed != null) bed.close();
        if (discord != null) discord.close();
    }

    @Test
    void should_dm_the_warning_with_both_buttons_and_run_each_press_through_the_gateway() throws Exception {
        discord = FakeDiscord.start();
        discord.addGuild(GUILD, Map.of(), CHANNEL);
        bed = new IdleTestBed(dir, discord.botConfig(GUILD));
        bot = DiscordBot.start(bed.app.config, FakeDiscord.TOKEN, bed.app.chat, bed.app.suggestions, bed.app.members,
                Clock.systemUTC(), DiscordBot.TOKEN_LIFE);
        bed.app.notices.deliverWith(bot::directMessage, bot::directMessage); // as `labhand discord` does
        Caller alice = new Caller(Long.toString(ALICE.id()), "alice", Role.LEARNER, Caller.Lang.EN, "test");
        WorkspaceRecord keep = bed.create(alice, IdleTestBed.JUPYTER, "mn-dm-keep");
        WorkspaceRecord stop = bed.create(alice, IdleTestBed.JUPYTER, "mn-dm-stop");

        bed.pass(Duration.ZERO);
        assertThat(bed.pass(Duration.ofMinutes(21)).warned()).isEqualTo(2);

        long dm = discord.dmChannelOf(ALICE.id());
        Call keepNotice = dmAbout(dm, "mn-dm-keep");
        Call stopNotice = dmAbout(dm, "mn-dm-stop");
        assertThat(keepNotice.body().path("content").asText()).contains("has not been used for 21 min");
        assertThat(labels(keepNotice)).containsExactly("Keep 1 h", "Stop now");
        // the text carries no command lines on Discord: the buttons are the actions
        assertThat(keepNotice.body().path("content").asText()).doesNotContain("/workspace keep");
        String keepButton = button(keepNotice, "lh:act:workspace.keep");
        String stopButton = button(stopNotice, "lh:act:workspace.stop");
        long keepMessage = messageId(dm, "mn-dm-keep");
        long stopMessage = messageId(dm, "mn-dm-stop");

        // someone else pressing alice's button is refused by the gateway, and audited as bob's
        long bobPress = discord.buttonPress(BOB, 0, dm, keepMessage, keepButton);
        assertThat(followupText(bobPress, "mn-dm-keep")).contains("belongs to another member").doesNotContain("is kept");

        // [Keep 1 h]: workspace.keep as alice, origin button
        long kept = discord.buttonPress(ALICE, 0, dm, keepMessage, keepButton);
        assertThat(followupText(kept, "is kept")).contains("'mn-dm-keep' is kept");
        assertThat(discord.awaitCallback(kept, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        var keepRow = bed.app.audit.list(Long.toString(ALICE.id()), "workspace.keep", 1).get(0);
        assertThat(keepRow.origin()).isEqualToIgnoringCase("button");
        assertThat(keepRow.outcome()).isEqualTo("done");
        // the answered notice's buttons are disabled
        Call edit = discord.awaitCall(c -> c.method().equals("PATCH")
                && c.path().endsWith("/messages/" + keepMessage), WAIT);
        assertThat(edit.body().path("components").get(0).path("components").get(0).path("disabled").asBoolean()).isTrue();

        // [Stop now]: workspace.stop as alice; the container stops, the files stay
        long stopped = discord.buttonPress(ALICE, 0, dm, stopMessage, stopButton);
        assertThat(followupText(stopped, "stopped")).contains("mn-dm-stop");
        assertThat(bed.running(stop)).isFalse();
        assertThat(bed.app.audit.list(Long.toString(ALICE.id()), "workspace.stop", 1).get(0).origin())
                .isEqualToIgnoringCase("button");

        // the kept one outlives its warning; the stopped one is no longer watched
        IdleCuller.Pass after = bed.pass(Duration.ofMinutes(15));
        assertThat(after.watched()).isEqualTo(1);
        assertThat(after.stopped()).isZero();
        assertThat(bed.running(keep)).isTrue();
    }

    private Call dmAbout(long dm, String name) {
        return discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + dm + "/messages")
                && c.body().path("content").asText().contains("'" + name + "'"), WAIT);
    }

    private long messageId(long dm, String name) {
        for (long id : discord.sentMessageIds(dm)) {
            if (discord.sentMessage(id).path("content").asText().contains("'" + name + "'")) return id;
        }
        throw new AssertionError("no DM about " + name);
    }

    private static List<String> labels(Call c) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : c.body().path("components")) {
            for (JsonNode b : row.path("components")) out.add(b.path("label").asText());
        }
        return out;
    }

    private static String button(Call c, String prefix) {
        for (JsonNode row : c.body().path("components")) {
            for (JsonNode b : row.path("components")) {
                if (b.path("custom_id").asText().startsWith(prefix)) return b.path("custom_id").asText();
            }
        }
        throw new AssertionError("no button " + prefix + " in " + c.body());
    }

    private String followupText(long interactionId, String containing) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (Call c : discord.followups(interactionId)) {
                StringBuilder sb = new StringBuilder(c.body() == null ? "" : c.body().path("content").asText(""));
                if (c.body() != null) for (JsonNode e : c.body().path("embeds")) sb.append('\n').append(e.path("description").asText(""));
                last = sb.toString();
                if (last.contains(containing)) return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no follow-up containing '" + containing + "'; last: " + last);
    }
}
