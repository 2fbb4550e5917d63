package dev.labhand.agent.llm.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A loopback OpenAI chat completions API: {@code POST /v1/chat/completions}, scripted. */
public class FakeOpenAi extends ScriptedModelServer {
    public static final String MODEL = "gpt-fake";

    public static FakeOpenAi start() {
        return new FakeOpenAi();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    @Override
    protected String path() {
        return "/v1/chat/completions";
    }

    @Override
    protected String render(Step step, int n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + n).put("object", "chat.completion").put("created", 1_790_000_000L)
                .put("model", MODEL);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (step.calls().isEmpty()) {
            message.put("content", step.text());
            choice.put("finish_reason", "stop");
        } else {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            int i = 0;
            for (Call c : step.calls()) {
                ObjectNode call = calls.addObject();
                call.put("id", "call_" + n + "_" + i++).put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
            }
            choice.put("finish_reason", "tool_calls");
        }
        root.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18);
        return root.toString();
    }
}
