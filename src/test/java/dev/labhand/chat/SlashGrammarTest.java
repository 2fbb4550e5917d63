package dev.labhand.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class SlashGrammarTest {

    @Test
    void should_parse_area_verb_and_pairs() {
        assertThat(SlashGrammar.parse("/workspace create template:python-cpu name:demo"))
                .isEqualTo(new SlashGrammar.ToolCall("workspace.create", Map.of("template", "python-cpu", "name", "demo")));
    }

    @Test
    void should_keep_quoted_blanks_and_colons_in_values() {
        var call = (SlashGrammar.ToolCall) SlashGrammar.parse("/image pull image:\"rocker/rstudio:4.4\" note:'two words'");

        assertThat(call.args()).containsEntry("image", "rocker/rstudio:4.4").containsEntry("note", "two words");
    }

    @Test
    void should_parse_confirm_cancel_and_help_in_both_languages() {
        assertThat(SlashGrammar.parse("/confirm K7M2QX")).isEqualTo(new SlashGrammar.Confirm("K7M2QX"));
        assertThat(SlashGrammar.parse("/확인 K7M2QX")).isEqualTo(new SlashGrammar.Confirm("K7M2QX"));
        assertThat(SlashGrammar.parse("/cancel K7M2QX")).isEqualTo(new SlashGrammar.Cancel("K7M2QX"));
        assertThat(SlashGrammar.parse("/help")).isInstanceOf(SlashGrammar.Help.class);
        assertThat(SlashGrammar.parse("/")).isInstanceOf(SlashGrammar.Help.class);
    }

    @Test
    void should_read_a_grouped_tool_typed_as_discord_shows_it_only_when_that_tool_exists() {
        var known = java.util.Set.of("diag.gpu-smi", "diag.docker-containers");

        assertThat(SlashGrammar.parse("/diag gpu smi workspace:nb", known::contains))
                .isEqualTo(new SlashGrammar.ToolCall("diag.gpu-smi", Map.of("workspace", "nb")));
        assertThat(SlashGrammar.parse("/diag docker containers", known::contains))
                .isEqualTo(new SlashGrammar.ToolCall("diag.docker-containers", Map.of()));
        assertThat(SlashGrammar.parse("/diag gpu-smi workspace:nb", known::contains))
                .isEqualTo(new SlashGrammar.ToolCall("diag.gpu-smi", Map.of("workspace", "nb")));
        assertThat(SlashGrammar.parse("/workspace create demo", known::contains))
                .isEqualTo(new SlashGrammar.Malformed("slash.pair", "demo"));
    }

    @Test
    void should_let_an_area_with_one_tool_stand_for_it() {
        assertThat(SlashGrammar.parse("/ask question:\"why is cuda false\""))
                .isEqualTo(new SlashGrammar.ToolCall("ask", Map.of("question", "why is cuda false")));
    }

    @Test
    void should_treat_a_sentence_as_plain_text() {
        assertThat(SlashGrammar.parse("GPU 파이썬 작업공간 하나 만들어줘"))
                .isEqualTo(new SlashGrammar.Plain("GPU 파이썬 작업공간 하나 만들어줘"));
    }

    @Test
    void should_name_what_is_malformed() {
        assertThat(SlashGrammar.parse("/workspace")).isEqualTo(new SlashGrammar.Malformed("slash.verb", "workspace"));
        assertThat(SlashGrammar.parse("/workspace create demo")).isEqualTo(new SlashGrammar.Malformed("slash.pair", "demo"));
        assertThat(SlashGrammar.parse("/workspace create name:a name:b")).isEqualTo(new SlashGrammar.Malformed("slash.twice", "name"));
        assertThat(SlashGrammar.parse("/workspace create name:\"open")).isInstanceOf(SlashGrammar.Malformed.class);
        assertThat(SlashGrammar.parse("/confirm")).isEqualTo(new SlashGrammar.Malformed("slash.code", "confirm"));
    }
}
