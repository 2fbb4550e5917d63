package dev.labhand.agent.llm.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A loopback Anthropic messages API: {@code POST /v1/messages}, scripted with tool_use blocks. */
public final class FakeAnthropic extends ScriptedModelServer {
    public static final String MODEL = "claude-fake";

    public static FakeAnthropic start() {
        return new FakeAnthropic();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1/";
    }

    @Override
    protected String path() {
        return "/v1/messages";
    }

    @Override
    protected String render(Step step, int n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_" + n).put("type", "message").put("role", "assistant").put("model", MODEL);
        ArrayNode content = root.putArray("content");
        if (step.calls().isEmpty()) {
            content.addObject().put("type", "text").put("text", step.text());
            root.put("stop_reason", "end_turn");
        } else {
            int i = 0;
            for (Call c : step.calls()) {
                ObjectNode block = content.addObject();
                block.put("type", "tool_use").put("id", "toolu_" + n + "_" + i++).put("name", c.name());
                try {
                    block.set("input", JSON.readTree(c.argumentsJson()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            root.put("stop_reason", "tool_use");
        }
        root.putNull("stop_sequence");
        root.putObject("usage").put("input_tokens", 11).put("output_tokens", 7);
        return root.toString();
    }
}
