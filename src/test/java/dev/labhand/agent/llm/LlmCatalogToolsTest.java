package dev.labhand.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class LlmCatalogToolsTest {
    private final Tool make = new Tool() {
        public ToolSpec spec() {
            return ToolSpec.of("workspace.make-thing", Risk.DESTRUCTIVE, Role.LEARNER,
                    Param.string("name", Param.NAME), Param.integer("size", 1, 8).optional("2"),
                    Param.choice("kind", List.of("cpu", "gpu")).optional("cpu"), Param.bool("fast"));
        }

        public Outcome run(Invocation call) {
            return Outcome.Done.of("ok", null);
        }
    };

    @Test
    void should_name_functions_the_way_openai_allows_and_map_them_back() {
        assertThat(CatalogTools.functionName("workspace.make-thing")).isEqualTo("workspace_make-thing");
        assertThat(CatalogTools.toolName("workspace_make-thing")).isEqualTo("workspace.make-thing");
        assertThat(CatalogTools.toolName("confirm")).isEqualTo("confirm");
    }

    @Test
    void should_declare_every_parameter_with_its_constraints() {
        ToolSpecification spec = CatalogTools.specification(make, Caller.Lang.EN);

        assertThat(spec.name()).isEqualTo("workspace_make-thing");
        assertThat(spec.description()).contains("/confirm");
        assertThat(spec.parameters().required()).containsExactly("name");
        assertThat(((JsonRawSchema) spec.parameters().properties().get("name")).schema())
                .contains("\"pattern\":\"^(?:[a-z][a-z0-9-]{1,30}[a-z0-9])$\"");
        assertThat(((JsonRawSchema) spec.parameters().properties().get("size")).schema())
                .contains("\"minimum\":1").contains("\"maximum\":8").contains("default: 2");
        assertThat(((JsonEnumSchema) spec.parameters().properties().get("kind")).enumValues())
                .containsExactly("cpu", "gpu");
    }

    @Test
    void should_turn_model_arguments_into_strings_and_refuse_nested_values() {
        assertThat(CatalogTools.arguments("{\"name\":\"a\",\"size\":3,\"ratio\":2.0,\"fast\":true,\"x\":null}").values())
                .isEqualTo(Map.of("name", "a", "size", "3", "ratio", "2", "fast", "true"));
        assertThat(CatalogTools.arguments("").values()).isEmpty();
        assertThat(CatalogTools.arguments("{\"o\":{\"privileged\":true}}").problem()).contains("single value");
        assertThat(CatalogTools.arguments("{\"l\":[\"/\"]}").problem()).contains("single value");
        assertThat(CatalogTools.arguments("[1,2]").problem()).contains("not a JSON object");
        assertThat(CatalogTools.arguments("{oops").problem()).contains("not a JSON object");
    }

    @Test
    void should_tell_the_model_only_safe_text() {
        assertThat(LlmTurn.forModel(new Outcome.Done("token=abc123 at http://x", null, true)))
                .doesNotContain("abc123").contains("privately");
        assertThat(LlmTurn.forModel(new Outcome.Done("password=hunter2 ok", null, false))).doesNotContain("hunter2");
        assertThat(LlmTurn.forModel(new Outcome.NeedsConfirmation("K7PQ2M", "workspace.remove", Map.of(),
                Instant.now(), "Type /confirm K7PQ2M"))).doesNotContain("K7PQ2M");
        assertThat(LlmTurn.forModel(new Outcome.Failed("boom java.lang.IllegalStateException", "E1ABC")))
                .isEqualTo("failed (error id E1ABC)");
    }
}
