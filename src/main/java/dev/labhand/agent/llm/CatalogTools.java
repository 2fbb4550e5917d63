package dev.labhand.agent.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolSpec;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.service.tool.ToolExecutor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool catalog as langchain4j tools: one {@link ToolSpecification} per catalog tool (function name
 * {@code area_verb}, since OpenAI function names allow only {@code [a-zA-Z0-9_-]}; the description and a
 * JSON schema built from the declared parameters) and one {@link ToolExecutor} per tool that calls the
 * gateway through an {@link LlmTurn}. The caller is the turn's, fixed by the platform: arguments a model
 * writes are only arguments, so "caller", "role" or "user" in them are unknown arguments the gateway
 * refuses.
 */
public final class CatalogTools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogTools() {}

    /** The function name the model sees for a catalog tool. */
    public static String functionName(String toolName) {
        return toolName.replace('.', '_');
    }

    /** The catalog name a function name stands for (first underscore back to a dot); unknown names stay unknown. */
    public static String toolName(String functionName) {
        if (functionName == null) return "";
        int i = functionName.indexOf('_');
        return i < 0 ? functionName : functionName.substring(0, i) + "." + functionName.substring(i + 1);
    }

    /** The tools this turn's caller may use, each executed through the gateway as that caller. */
    static Map<ToolSpecification, ToolExecutor> forTurn(ToolCatalog catalog, LlmTurn turn) {
        Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
        for (Tool tool : catalog.all()) {
            if (!turn.caller().role().atLeast(tool.spec().minRole())) continue;
            String name = tool.spec().name();
            tools.put(specification(tool, turn.caller().locale()), (request, memoryId) -> execute(turn, name, request));
        }
        return tools;
    }

    /** A call of a function the model was not given (hallucinated, or above the member's role): still the gateway's. */
    static ToolExecutionResultMessage unknownFunction(LlmTurn turn, ToolExecutionRequest request) {
        return ToolExecutionResultMessage.from(request, execute(turn, toolName(request.name()), request));
    }

    static String execute(LlmTurn turn, String toolName, ToolExecutionRequest request) {
        Arguments parsed = arguments(request.arguments());
        if (parsed.problem() != null) {
            turn.unreadable(toolName);
            return "invalid: " + parsed.problem();
        }
        return turn.call(toolName, parsed.values());
    }

    /** Model-written JSON arguments as strings; nested objects and arrays are refused, not flattened. */
    record Arguments(Map<String, String> values, String problem) {}

    static Arguments arguments(String json) {
        if (json == null || json.isBlank()) return new Arguments(Map.of(), null);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return new Arguments(null, "the arguments are not a JSON object");
        }
        if (root == null || root.isNull()) return new Arguments(Map.of(), null);
        if (!root.isObject()) return new Arguments(null, "the arguments are not a JSON object");
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            String name = clip(f.getKey());
            if (v.isNull()) continue;
            if (v.isContainerNode()) {
                return new Arguments(null, "argument '" + name + "' must be a single value, not an object or a list");
            }
            if (v.isIntegralNumber()) {
                values.put(f.getKey(), v.bigIntegerValue().toString());
            } else if (v.isNumber()) {
                java.math.BigDecimal d = v.decimalValue().stripTrailingZeros();
                values.put(f.getKey(), d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString());
            } else {
                values.put(f.getKey(), v.asText());
            }
        }
        return new Arguments(values, null);
    }

    static ToolSpecification specification(Tool tool, Lang lang) {
        ToolSpec spec = tool.spec();
        JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
        List<String> required = new ArrayList<>();
        for (Param p : spec.params()) {
            schema.addProperty(p.name(), property(tool, p, lang));
            if (p.required()) required.add(p.name());
        }
        schema.required(required).additionalProperties(false);
        String description = tool.description(lang);
        if (spec.risk().needsConfirmation()) {
            description += " [risky: does not run until the member confirms it with /confirm]";
        }
        return ToolSpecification.builder()
                .name(functionName(spec.name()))
                .description(description)
                .parameters(schema.build())
                .build();
    }

    private static JsonSchemaElement property(Tool tool, Param p, Lang lang) {
        String description = paramDescription(tool, p, lang);
        return switch (p.type()) {
            case CHOICE -> JsonEnumSchema.builder().enumValues(p.choices()).description(description).build();
            case BOOLEAN -> JsonBooleanSchema.builder().description(description).build();
            case INTEGER -> {
                ObjectNode n = JSON.createObjectNode().put("type", "integer");
                if (description != null) n.put("description", description);
                n.put("minimum", p.min()).put("maximum", p.max());
                yield JsonRawSchema.from(n.toString());
            }
            case STRING -> {
                ObjectNode n = JSON.createObjectNode().put("type", "string");
                if (description != null) n.put("description", description);
                if (p.pattern() != null) n.put("pattern", "^(?:" + p.pattern().pattern() + ")$");
                n.put("maxLength", 256);
                yield JsonRawSchema.from(n.toString());
            }
        };
    }

    private static String paramDescription(Tool tool, Param p, Lang lang) {
        String key = "param." + tool.spec().name() + "." + p.name();
        String text = tool.paramDescription(lang, p.name());
        if (text == null || text.isBlank() || text.equals(key)) text = null;
        if (p.defaultValue() != null && !p.required()) {
            String dflt = "default: " + p.defaultValue();
            text = text == null ? dflt : text + " (" + dflt + ")";
        }
        return text;
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 40 ? one.substring(0, 40) + "…" : one;
    }
}
