package dev.labhand.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.config.LabhandConfig;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Tool;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.WorkspaceService;
import dev.labhand.workspace.WorkspaceTemplates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

final class MessagesTest {

    @Test
    void should_have_the_same_keys_in_korean_and_english() throws IOException {
        // Korean command names are localizations; English names are the tool names themselves
        var korean = load("messages_ko.properties").stringPropertyNames().stream()
                .filter(k -> !k.startsWith("discord.name.")).toList();
        assertThat(korean).containsExactlyInAnyOrderElementsOf(load("messages_en.properties").stringPropertyNames());
    }

    @Test
    void should_describe_every_tool_and_parameter_in_both_languages() {
        // the real catalog, built without an engine connection or a database
        for (Tool tool : dev.labhand.Wiring.offlineCatalog(Path.of("tools"), Path.of("config/templates")).all()) {
            String name = tool.spec().name();
            for (Lang lang : Lang.values()) {
                assertThat(tool.description(lang)).as(lang + " tool." + name).doesNotStartWith("tool.");
                for (Param p : tool.spec().params()) {
                    assertThat(tool.paramDescription(lang, p.name()))
                            .as(lang + " param." + name + "." + p.name()).doesNotStartWith("param.");
                }
            }
        }
    }

    @Test
    void should_fill_named_placeholders_without_escaping_apostrophes() {
        assertThat(Messages.get(Lang.EN, "workspace.name-taken", "name", "demo"))
                .isEqualTo("The name 'demo' is already used. Pick another name.");
        assertThat(Messages.get(Lang.KO, "workspace.name-taken", "name", "demo")).contains("'demo'").contains("이름");
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(name)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }
}
