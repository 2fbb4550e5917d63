package dev.labhand.agent.llm.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A loopback LLM provider with a script: each model call takes the next step (tool calls, or a final
 * text) and every request body is recorded, raw and parsed. Subclasses speak one provider's wire format.
 */
public abstract class ScriptedModelServer implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One tool call the scripted model makes: function name and its JSON arguments. */
    public record Call(String name, String argumentsJson) {}

    /** One scripted model response: tool calls, or a final text when calls is empty. */
    public record Step(List<Call> calls, String text, int status) {}

    private final MockWebServer server = new MockWebServer();
    private final Deque<Step> script = new ArrayDeque<>();
    private final List<String> rawBodies = new ArrayList<>();
    private final List<JsonNode> bodies = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private int callCounter;

    protected ScriptedModelServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handle(request);
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path this provider answers, e.g. {@code /v1/chat/completions}. */
    protected abstract String path();

    /** The provider's JSON for one step. */
    protected abstract String render(Step step, int n);

    public int port() {
        return server.getPort();
    }

    public synchronized ScriptedModelServer thenCall(String function, String argumentsJson) {
        script.add(new Step(List.of(new Call(function, argumentsJson)), null, 200));
        return this;
    }

    public synchronized ScriptedModelServer thenCalls(Call... calls) {
        script.add(new Step(List.of(calls), null, 200));
        return this;
    }

    public synchronized ScriptedModelServer thenText(String text) {
        script.add(new Step(List.of(), text, 200));
        return this;
    }

    public synchronized ScriptedModelServer thenServerError() {
        script.add(new Step(List.of(), "internal error at /srv/secret/path password=hunter2", 500));
        return this;
    }

    /** An error response with exactly this JSON body, e.g. a provider's "Incorrect API key" answer. */
    public synchronized ScriptedModelServer thenError(int status, String jsonBody) {
        script.add(new Step(List.of(), jsonBody, status));
        return this;
    }

    public synchronized List<String> rawBodies() {
        return List.copyOf(rawBodies);
    }

    public synchronized List<JsonNode> requests() {
        return List.copyOf(bodies);
    }

    public synchronized JsonNode lastRequest() {
        return bodies.get(bodies.size() - 1);
    }

    public synchronized int requestCount() {
        return bodies.size();
    }

    public synchronized List<String> paths() {
        return List.copyOf(paths);
    }

    public synchronized void reset() {
        script.clear();
        rawBodies.clear();
        bodies.clear();
        paths.clear();
    }

    private synchronized MockResponse handle(RecordedRequest request) {
        String raw = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
        paths.add(request.getMethod() + " " + request.getUrl().encodedPath());
        if (!"POST".equals(request.getMethod()) || !path().equals(request.getUrl().encodedPath())) {
            return new MockResponse.Builder().code(404).body("{\"error\":\"not found\"}").build();
        }
        rawBodies.add(raw);
        try {
            bodies.add(JSON.readTree(raw));
        } catch (IOException e) {
            return new MockResponse.Builder().code(400).body("{\"error\":\"bad json\"}").build();
        }
        Step step = script.isEmpty() ? new Step(List.of(), "(end of script)", 200) : script.poll();
        callCounter++;
        return new MockResponse.Builder()
                .code(step.status())
                .addHeader("Content-Type", "application/json")
                .body(step.status() == 200 ? render(step, callCounter)
                        : step.text().startsWith("{") ? step.text() : "{\"error\":{\"message\":\"" + step.text() + "\"}}")
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
