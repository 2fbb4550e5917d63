package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.labhand.audit.AuditRow;
import dev.labhand.discord.support.CommandRules;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.discord.support.FakeDiscord.Call;
import dev.labhand.discord.support.FakeDiscord.User;
import dev.labhand.doctor.Doctor;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slash-command surface against the loopback fake Discord with the real JDA client: a catalog with 60
 * more declared diagnostics registered within every limit and routed back from every command shape, a
 * registration Discord refuses, /confirm and /cancel as slash commands, /help in pages that fit.
 */
final class DiscordCommandSurfaceTest {
    static final long GUILD = 710000000000000001L;
    static final long CHANNEL = 710000000000000002L;
    static final long DM_CHANNEL = 710000000000000003L;
    static final long INSTRUCTOR_ROLE = 710000000000000010L;
    static final Duration WAIT = Duration.ofSeconds(20);
    static final User ALICE = new User(810000000000000001L, "alice", "ko", List.of());
    static final User BOB = new User(810000000000000002L, "bob", "en-US", List.of());
    static final User INES = new User(810000000000000003L, "ines", "en-US", List.of(INSTRUCTOR_ROLE));
    private static final Pattern NAME = Pattern.compile("^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$");

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private TestApp t;
    private DiscordBot bot;

    /** The shipped toolsets plus 60 declared diagnostics: 40 in one toolset, 20 in another. */
    private void start(boolean sixtyMore) throws Exception {
        if (discord == null) discord = FakeDiscord.start();
        discord.addGuild(GUILD, Map.of(INSTRUCTOR_ROLE, "Instructor"), CHANNEL);
        String tools = "";
        if (sixtyMore) {
            Path dirTools = DiscordCommandsTest.copyShipped(dir);
            Files.writeString(dirTools.resolve("diagnostics/many.yaml"), DiscordCommandsTest.toolset("many", 40));
            Files.writeString(dirTools.resolve("diagnostics/more.yaml"), DiscordCommandsTest.toolset("more", 20));
            tools = "toolsDir: " + dirTools + "\n";
        }
        t = new TestApp(dir, "", tools + discord.botConfig(GUILD), Clock.systemUTC());
        bot = discord.startBot(t, DiscordBot.TOKEN_LIFE);
    }

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (t != null) t.close();
        if (discord != null) discord.close();
    }

    @Test
    void should_register_sixty_more_diagnostics_within_every_limit_and_route_every_shape_back() throws Exception {
        start(true);
        assertThat(t.app.gateway.catalog().all().stream().filter(x -> x.spec().name().startsWith("diag.m"))).hasSize(60);

        Call put = discord.awaitCall(c -> c.method().equals("PUT") && c.path().endsWith("/guilds/" + GUILD + "/commands"), WAIT);
        ArrayNode sent = (ArrayNode) put.body();

        // what was sent keeps every one of Discord's limits, and the fake (which enforces them) took it at once
        assertThat(CommandRules.violations(sent)).isNull();
        assertThat(discord.calls().stream().filter(c -> c.method().equals("PUT"))).hasSize(1);
        assertThat(discord.registeredCommands(GUILD).size()).isEqualTo(sent.size());
        assertThat(sent.size()).isLessThanOrEqualTo(100);
        List<String> broken = new ArrayList<>();
        for (JsonNode c : sent) {
            if (c.path("type").asInt(1) != 1) continue; // context menus have their own rules, which CommandRules checks
            limits(c, "/" + c.path("name").asText(), broken);
            if (CommandRules.size(c) > 8000) broken.add("/" + c.path("name").asText() + " holds " + CommandRules.size(c));
        }
        assertThat(broken).isEmpty();
        // 40 tools in one toolset: a group of 25 and its continuation; the diagnostics outgrow one command
        JsonNode diag = DiscordBotTest.command(sent, "diag");
        assertThat(DiscordBotTest.sub(diag, "check").path("type").asInt()).isEqualTo(1);
        assertThat(DiscordBotTest.sub(diag, "gpu").path("type").asInt()).isEqualTo(2);
        assertThat(DiscordBotTest.sub(DiscordBotTest.sub(diag, "gpu"), "smi").path("name_localizations").path("ko").asText())
                .isEqualTo("상태");
        List<String> names = new ArrayList<>();
        sent.forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).contains("diag-2", "confirm", "cancel", "help");

        // every tool of the catalog is reachable by exactly the command, group and subcommand that was registered
        DiscordCommands.Generated generated = DiscordCommands.from(t.app.gateway.catalog());
        assertThat(generated.routes()).hasSize(t.app.gateway.catalog().all().size());
        List<String> shapes = new ArrayList<>();
        for (String tool : List.of("workspace.list", "diag.gpu-smi", "diag.many-t1", "diag.many-t40", "diag.more-t20", "ask.course")) {
            String route = generated.routes().entrySet().stream().filter(r -> r.getValue().equals(tool)).findFirst()
                    .orElseThrow().getKey();
            shapes.add(route);
            String[] parts = route.split("/", -1);
            Map<String, Object> options = tool.startsWith("diag.") ? Map.of("workspace", "nope")
                    : tool.equals("ask.course") ? Map.of("question", "what is a volume?") : Map.of();
            long id = parts[1].isEmpty()
                    ? discord.slashCommand(ALICE, GUILD, CHANNEL, parts[0], parts[2].isEmpty() ? null : parts[2], options)
                    : discord.slashCommand(ALICE, GUILD, CHANNEL, parts[0], parts[1], parts[2], options);
            discord.awaitCallback(id, WAIT);
            awaitAudit(Long.toString(ALICE.id()), tool);
        }
        // a plain subcommand, a group, a continued group, a continued command, the one-tool command
        assertThat(shapes).contains("workspace//list", "diag/gpu/smi", "ask//");
        assertThat(shapes).anyMatch(s -> s.matches("diag(-\\d)?/many-2/t\\d+"));
        assertThat(shapes).anyMatch(s -> s.startsWith("diag-2/") || s.startsWith("diag-3/"));

        // autocomplete inside a group reaches the tool's parameter too
        long suggest = discord.autocomplete(INES, GUILD, CHANNEL, "diag", "gpu", "smi", Map.of(), "workspace");
        assertThat(discord.awaitCallback(suggest, WAIT).body().path("type").asInt()).isEqualTo(8);
    }

    @Test
    void should_keep_running_and_register_the_rest_when_discord_refuses_a_command() throws Exception {
        discord = FakeDiscord.start();
        discord.refuseCommand("vm", "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)");
        start(false);

        // Discord's 400 names the command by its index; the bot sends the others again
        List<Call> puts = new ArrayList<>();
        puts.add(discord.awaitCall(c -> c.method().equals("PUT"), WAIT));
        puts.add(discord.awaitCall(discord.calls().indexOf(puts.get(0)) + 1, c -> c.method().equals("PUT"), WAIT));
        assertThat(names(puts.get(0).body())).contains("vm", "workspace");
        assertThat(names(puts.get(1).body())).doesNotContain("vm").contains("workspace", "host", "diag", "confirm");
        assertThat(names(discord.registeredCommands(GUILD))).doesNotContain("vm").contains("workspace");

        // the bot runs: a command is answered
        long id = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "list", Map.of());
        awaitFollowup(id, "docker ps");

        // doctor shows what was refused, in Discord's words
        RegistrationReport report = RegistrationReport.read(t.app.config.database()).orElseThrow();
        assertThat(report.scopes()).hasSize(1);
        assertThat(report.scopes().get(0).refused()).extracting(DiscordCommands.Refusal::command).containsExactly("/vm");
        assertThat(report.scopes().get(0).registered()).contains("/workspace").doesNotContain("/vm");
        List<String> findings = new Doctor(Lang.EN, System::getenv).check(t.configFile, null).stream()
                .map(Doctor.Finding::text).toList();
        assertThat(findings).anyMatch(f -> f.startsWith("Discord command /vm (guild " + GUILD + ") was not registered")
                && f.contains("APPLICATION_COMMAND_TOO_LARGE") && f.contains("Command exceeds maximum size (8000)"));
        assertThat(findings).anyMatch(f -> f.startsWith("Discord commands (guild " + GUILD + ", "));
    }

    @Test
    void should_keep_running_when_discord_refuses_every_command_and_say_why_in_doctor() throws Exception {
        discord = FakeDiscord.start();
        discord.refuseAllCommands(403, 50001, "Missing Access");
        start(false);

        discord.awaitCall(c -> c.method().equals("PUT"), WAIT);
        // an interaction for a command registered earlier is still answered
        long id = discord.slashCommand(BOB, GUILD, CHANNEL, "workspace", "list", Map.of());
        awaitFollowup(id, "docker ps");

        assertThat(discord.calls().stream().filter(c -> c.method().equals("PUT"))).hasSize(1);
        RegistrationReport.Scope scope = RegistrationReport.read(t.app.config.database()).orElseThrow().scopes().get(0);
        assertThat(scope.registered()).isEmpty();
        assertThat(scope.error()).contains("Missing Access");
        List<String> findings = new Doctor(Lang.EN, System::getenv).check(t.configFile, null).stream()
                .map(Doctor.Finding::text).toList();
        assertThat(findings).anyMatch(f -> f.startsWith("Discord commands (guild " + GUILD) && f.contains("were not registered")
                && f.contains("Missing Access"));
    }

    @Test
    void should_confirm_and_cancel_with_slash_commands_and_refuse_another_members_code() throws Exception {
        start(false);
        createFor(ALICE, "sc-rm");
        createFor(ALICE, "sc-keep");
        String code = askToRemove("sc-rm");

        long bobTries = discord.slashCommand(BOB, GUILD, CHANNEL, "confirm", null, Map.of("code", code));
        assertThat(discord.awaitCallback(bobTries, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        assertThat(DiscordBotTest.messageText(awaitFollowup(bobTries, "no pending confirmation"))).contains(code);
        assertThat(t.app.workspaces.byName("sc-rm")).isPresent();
        AuditRow refused = t.app.audit.list(Long.toString(BOB.id()), null, 5).get(0);
        assertThat(refused.origin()).isEqualTo("slash");
        assertThat(refused.outcome()).isEqualTo("invalid");

        long aliceConfirms = discord.slashCommand(ALICE, GUILD, CHANNEL, "confirm", null, Map.of("code", code));
        assertThat(discord.awaitCallback(aliceConfirms, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        awaitFollowup(aliceConfirms, "sc-rm");
        assertThat(t.app.workspaces.byName("sc-rm")).isEmpty();

        String other = askToRemove("sc-keep");
        long aliceCancels = discord.slashCommand(ALICE, GUILD, CHANNEL, "cancel", null, Map.of("code", other));
        assertThat(discord.awaitCallback(aliceCancels, WAIT).body().path("data").path("flags").asInt() & 64).isEqualTo(64);
        awaitFollowup(aliceCancels, other);
        assertThat(t.app.workspaces.byName("sc-keep")).isPresent();
        // a cancelled code is spent: it confirms nothing afterwards
        long late = discord.slashCommand(ALICE, GUILD, CHANNEL, "confirm", null, Map.of("code", other));
        awaitFollowup(late, other);
        assertThat(t.app.workspaces.byName("sc-keep")).isPresent();
    }

    @Test
    void should_answer_help_in_pages_that_each_fit_and_end_with_the_footer() throws Exception {
        start(true);
        String footer = "Risky commands answer with a code";

        long index = discord.slashCommand(INES, GUILD, CHANNEL, "help", null, Map.of());
        JsonNode first = discord.awaitCallback(index, WAIT).body();
        assertThat(first.path("data").path("flags").asInt() & 64).isEqualTo(64);
        String indexPage = first.path("data").path("embeds").get(0).path("description").asText();
        assertThat(indexPage).contains("/workspace").contains("/diag").contains(footer).doesNotContain("…");

        // every area the instructor has, page by page: nothing cut, every command listed once, the footer on each
        StringBuilder all = new StringBuilder();
        for (String area : t.app.chat.helpAreas(new dev.labhand.tool.Caller(Long.toString(INES.id()), "ines",
                dev.labhand.tool.Role.INSTRUCTOR, Lang.EN, "c"))) {
            long id = discord.slashCommand(INES, GUILD, CHANNEL, "help", null, Map.of("area", area));
            List<String> pages = new ArrayList<>();
            pages.add(discord.awaitCallback(id, WAIT).body().path("data").path("embeds").get(0).path("description").asText());
            int expected = Integer.parseInt(pages.get(0).replaceFirst("(?s)^[^\\n]*/(\\d+)\\):.*", "$1"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (discord.followups(id).size() < expected - 1 && System.nanoTime() < deadline) Thread.sleep(20);
            for (Call c : discord.followups(id)) pages.add(c.body().path("embeds").get(0).path("description").asText());
            assertThat(pages).as(area).hasSize(expected);
            for (String page : pages) {
                assertThat(page.length()).as(area).isLessThanOrEqualTo(4000);
                assertThat(page).as(area).endsWith(dev.labhand.i18n.Messages.get(Lang.EN, "help.footer")).doesNotContain("…");
                all.append(page);
            }
            if (area.equals("diag")) assertThat(pages.size()).isGreaterThan(1);
        }
        // each command as registered: a tool in a continued group reads /diag many-2 t30 (or /diag-2 ...)
        DiscordCommands.Generated generated = DiscordCommands.from(t.app.gateway.catalog());
        assertThat(generated.command("diag.many-t40").orElseThrow()).matches("/diag(-\\d)? many-2 t40");
        for (Tool tool : t.app.gateway.catalog().all()) {
            if (!dev.labhand.tool.Role.INSTRUCTOR.atLeast(tool.spec().minRole())) continue;
            String command = generated.command(tool.spec().name()).orElseThrow();
            assertThat(all.toString()).as(tool.spec().name()).containsPattern(Pattern.quote(command) + "[ \\n]")
                    .contains(tool.description(Lang.EN));
        }
    }

    @Test
    void should_suggest_commands_as_members_type_them() throws Exception {
        start(false);

        discord.message(BOB, 0, DM_CHANNEL, "/workspace craete name:x", false);
        Call dm = discord.awaitCall(c -> c.method().equals("POST") && c.path().endsWith("/channels/" + DM_CHANNEL + "/messages"), WAIT);

        assertThat(dm.body().path("content").asText()).contains("/workspace create").doesNotContain("workspace.create")
                .contains("'/workspace craete'");
        // the console reads a grouped tool the way Discord shows it
        var reply = t.app.chat.handle(TestApp.learner("carol"), "/diag gpu smi workspace:nope",
                dev.labhand.tool.Origin.CONSOLE, dev.labhand.tool.Progress.NONE);
        assertThat(reply.text()).doesNotContain("There is no command");
        awaitAudit("carol", "diag.gpu-smi");
    }

    private static void limits(JsonNode n, String where, List<String> broken) {
        String name = n.path("name").asText();
        if (!NAME.matcher(name).matches() || !name.equals(name.toLowerCase(Locale.ROOT))) broken.add(where + " name");
        n.path("name_localizations").forEach(l -> {
            if (!NAME.matcher(l.asText()).matches()) broken.add(where + " localized name " + l.asText());
        });
        int d = n.path("description").asText().length();
        if (d < 1 || d > 100) broken.add(where + " description " + d);
        n.path("description_localizations").forEach(l -> {
            if (l.asText().isEmpty() || l.asText().length() > 100) broken.add(where + " localized description");
        });
        if (n.path("options").size() > 25) broken.add(where + " has " + n.path("options").size() + " options");
        if (n.path("choices").size() > 25) broken.add(where + " has " + n.path("choices").size() + " choices");
        for (JsonNode o : n.path("options")) limits(o, where + " " + o.path("name").asText(), broken);
    }

    private String askToRemove(String workspace) {
        long ask = discord.slashCommand(ALICE, GUILD, CHANNEL, "workspace", "remove", Map.of("name", workspace));
        return DiscordBotTest.confirmButton(awaitFollowup(ask, "/confirm")).substring("lh:confirm:".length());
    }

    private void awaitAudit(String caller, String tool) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (t.app.audit.list(caller, tool, 1).isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("no audit row for " + tool + " by " + caller);
            Thread.sleep(20);
        }
    }

    private void createFor(User user, String name) {
        var caller = new dev.labhand.tool.Caller(Long.toString(user.id()), user.name(), dev.labhand.tool.Role.LEARNER,
                Lang.EN, "setup");
        assertThat(t.call(caller, "workspace.create", Map.of("template", "busybox-cpu", "name", name)))
                .isInstanceOf(dev.labhand.tool.Outcome.Done.class);
    }

    private Call awaitFollowup(long interactionId, String containing) {
        return discord.awaitFollowup(interactionId, containing, DiscordBotTest::messageText, WAIT);
    }

    private static List<String> names(JsonNode commands) {
        List<String> out = new ArrayList<>();
        commands.forEach(c -> out.add(c.path("name").asText()));
        return out;
    }
}
