package dev.labhand.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.Wiring;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands generated from the catalog, read as the JSON JDA sends: Korean names and both languages'
 * descriptions on everything, Discord's limits for any number of declared tools, and every shape of command
 * leading back to its tool.
 */
final class DiscordCommandsTest {
    private static final Pattern DISCORD_NAME = Pattern.compile("^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$");
    private static final Pattern RAW_KEY = Pattern.compile("^(discord|tool|param|group|help)\\.[a-z].*");

    @Test
    void should_localize_and_describe_every_command_group_subcommand_and_option_of_the_shipped_catalog() {
        ToolCatalog catalog = shipped(Path.of("tools"));
        DiscordCommands.Generated generated = DiscordCommands.from(catalog);

        assertThat(generated.refused()).isEmpty();
        List<String> missing = new ArrayList<>();
        for (var c : generated.commands()) walk(DiscordCommands.json(c), "/" + c.getName(), missing);
        assertThat(missing).as("missing or raw localizations").isEmpty();
        JsonNode ask = json(generated, "ask");
        assertThat(ask.path("description").asText()).isEqualTo(catalog.find("ask.course").orElseThrow().description(
                dev.labhand.tool.Caller.Lang.EN).substring(0, 99) + "…");
        assertThat(names(generated)).contains("confirm", "cancel", "help");
        assertThat(json(generated, "confirm").path("name_localizations").path("ko").asText()).isEqualTo("확인");
        assertThat(json(generated, "cancel").path("name_localizations").path("ko").asText()).isEqualTo("취소");
    }

    @Test
    void should_declare_lengths_and_ranges_from_the_validators() {
        DiscordCommands.Generated generated = DiscordCommands.from(shipped(Path.of("tools")));

        JsonNode create = sub(json(generated, "workspace"), "create");
        assertThat(option(create, "name").path("max_length").asInt()).isEqualTo(32); // Param.NAME allows 32
        assertThat(option(create, "memory").path("min_value").asInt()).isEqualTo(1);
        JsonNode smi = sub(sub(json(generated, "diag"), "gpu"), "smi");
        assertThat(option(smi, "workspace").path("max_length").asInt()).isEqualTo(32);
        JsonNode question = option(json(generated, "ask"), "question");
        assertThat(question.path("max_length").asInt()).isBetween(1, 256);
        JsonNode size = option(sub(sub(json(generated, "diag"), "benchmark"), "gpu-vs-cpu"), "size");
        assertThat(size.path("min_value").asInt()).isEqualTo(256);
        assertThat(size.path("max_value").asInt()).isEqualTo(8192);
        // every string option is bounded, every integer has its range
        List<String> unbounded = new ArrayList<>();
        for (var c : generated.commands()) bounds(DiscordCommands.json(c), "/" + c.getName(), unbounded);
        assertThat(unbounded).isEmpty();
    }

    @Test
    void should_route_every_shape_back_to_its_tool() {
        ToolCatalog catalog = shipped(Path.of("tools"));
        DiscordCommands.Generated generated = DiscordCommands.from(catalog);

        assertThat(generated.tool("workspace", null, "create")).contains("workspace.create");
        assertThat(generated.tool("diag", null, "check")).contains("diag.check");
        assertThat(generated.tool("diag", "gpu", "smi")).contains("diag.gpu-smi");
        assertThat(generated.tool("diag", "benchmark", "gpu-vs-cpu")).contains("diag.benchmark-gpu-vs-cpu");
        assertThat(generated.tool("ask", null, null)).contains("ask.course");
        assertThat(generated.tool("help", null, null)).isEmpty();
        assertThat(generated.tool("diag", null, "gpu-smi")).isEmpty();
        // every tool has exactly one way in
        assertThat(generated.routes().values()).containsExactlyInAnyOrderElementsOf(
                catalog.all().stream().map(t -> t.spec().name()).toList());
    }

    @Test
    void should_keep_every_limit_with_sixty_more_diagnostics_in_one_toolset_and_thirty_toolsets(@TempDir Path dir)
            throws IOException {
        Path tools = copyShipped(dir);
        Files.writeString(tools.resolve("diagnostics/many.yaml"), toolset("many", 60));
        for (int i = 0; i < 30; i++) Files.writeString(tools.resolve("diagnostics/set" + i + ".yaml"), toolset("set" + i, 2));
        ToolCatalog catalog = shipped(tools);

        DiscordCommands.Generated generated = DiscordCommands.from(catalog);

        assertThat(generated.refused()).isEmpty();
        assertThat(generated.commands().size()).isLessThanOrEqualTo(100);
        for (var c : generated.commands()) {
            JsonNode json = DiscordCommands.json(c);
            assertThat(DiscordCommands.problems(json)).as(c.getName()).isEmpty();
            assertThat(DiscordCommands.size(json)).as(c.getName()).isLessThanOrEqualTo(8000);
        }
        // sixty tools in one toolset become many, many-2, many-3; the diagnostics continue in /diag-2 ...
        assertThat(generated.tool("diag", "many", "t1")).contains("diag.many-t1");
        assertThat(generated.routes()).containsValue("diag.many-t60");
        assertThat(names(generated)).contains("diag", "diag-2");
        assertThat(generated.routes().values()).containsExactlyInAnyOrderElementsOf(
                catalog.all().stream().map(t -> t.spec().name()).toList());
        for (Tool t : catalog.all()) {
            long ways = generated.routes().values().stream().filter(t.spec().name()::equals).count();
            assertThat(ways).as(t.spec().name()).isEqualTo(1);
        }
    }

    @Test
    void should_leave_out_and_report_a_tool_whose_name_discord_cannot_take(@TempDir Path dir) throws IOException {
        Path tools = copyShipped(dir);
        Files.writeString(tools.resolve("diagnostics/odd.yaml"), """
                toolset: odd
                description: {ko: 이상함, en: odd}
                tools:
                  - name: a-name-that-is-far-too-long-for-discord-commands
                    description: {ko: 김, en: long}
                    argv: ["true"]
                  - name: fine
                    description: {ko: 좋음, en: fine}
                    argv: ["true"]
                """);

        DiscordCommands.Generated generated = DiscordCommands.from(shipped(tools));

        assertThat(generated.refused()).extracting(DiscordCommands.Refusal::command)
                .containsExactly("/diag odd a-name-that-is-far-too-long-for-discord-commands");
        assertThat(generated.tool("diag", "odd", "fine")).contains("diag.odd-fine");
    }

    static String toolset(String name, int tools) {
        StringBuilder sb = new StringBuilder("toolset: " + name + "\ndescription: {ko: 시험용 도구 모음, en: a toolset for tests}\ntools:\n");
        for (int i = 1; i <= tools; i++) {
            sb.append("""
                      - name: t%d
                        description: {ko: "시험용 진단 %d번: 작업공간 안에서 파일 목록과 상태를 보여 줍니다", en: "test diagnostic %d: lists files and their state inside the workspace"}
                        argv: ["ls", "-la", "{{path}}"]
                        params:
                          - name: path
                            pattern: "/[a-z/]{0,40}"
                            default: "/"
                            description: {ko: 볼 경로, en: the path to list}
                    """.formatted(i, i, i));
        }
        return sb.toString();
    }

    static Path copyShipped(Path dir) throws IOException {
        Path tools = dir.resolve("tools");
        Files.createDirectories(tools.resolve("diagnostics"));
        for (Path f : Files.list(Path.of("tools/diagnostics")).toList()) {
            Files.copy(f, tools.resolve("diagnostics").resolve(f.getFileName()));
        }
        return tools;
    }

    private static ToolCatalog shipped(Path tools) {
        return Wiring.offlineCatalog(tools, Path.of("config/templates"));
    }

    /** Every named thing needs a valid Korean name; everything described needs both languages and no raw key. */
    private static void walk(JsonNode n, String where, List<String> missing) {
        String ko = n.path("name_localizations").path("ko").asText("");
        if (ko.isEmpty()) missing.add(where + ": no Korean name");
        else if (!DISCORD_NAME.matcher(ko).matches() || !ko.equals(ko.toLowerCase())) missing.add(where + ": bad Korean name " + ko);
        String en = n.path("description").asText("");
        String koDescription = n.path("description_localizations").path("ko").asText("");
        if (en.isEmpty() || RAW_KEY.matcher(en).matches()) missing.add(where + ": English description '" + en + "'");
        if (koDescription.isEmpty() || RAW_KEY.matcher(koDescription).matches()) {
            missing.add(where + ": Korean description '" + koDescription + "'");
        }
        if (!koDescription.isEmpty() && koDescription.equals(en) && !en.equals(n.path("name").asText())) {
            // a Korean description identical to the English one is fine only for names (cpu, gpu)
            if (koDescription.chars().noneMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HANGUL)
                    && en.split(" ").length > 3) {
                missing.add(where + ": Korean description is the English one");
            }
        }
        for (JsonNode o : n.path("options")) walk(o, where + " " + o.path("name").asText(), missing);
    }

    private static void bounds(JsonNode n, String where, List<String> out) {
        int type = n.path("type").asInt();
        if (type == 3 && !n.has("choices") && !n.has("max_length")) out.add(where + ": string without max_length");
        if (type == 4 && (!n.has("min_value") || !n.has("max_value"))) out.add(where + ": integer without range");
        for (JsonNode o : n.path("options")) bounds(o, where + " " + o.path("name").asText(), out);
    }

    private static List<String> names(DiscordCommands.Generated g) {
        return g.commands().stream().map(c -> c.getName()).toList();
    }

    private static JsonNode json(DiscordCommands.Generated g, String name) {
        return DiscordCommands.json(g.commands().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow());
    }

    static JsonNode sub(JsonNode command, String name) {
        for (JsonNode o : command.path("options")) if (o.path("name").asText().equals(name)) return o;
        throw new AssertionError("no " + name + " in " + command);
    }

    static JsonNode option(JsonNode sub, String name) {
        return sub(sub, name);
    }
}
