package dev.labhand.workspace;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * docker-java's HTTP transport, with a request that got no HTTP answer at all handed to {@code explain}
 * first. Errors the engine answered (404, 409, ...) are answers, so they pass untouched; only a broken
 * or silent connection is explained, which for a remote engine is usually the SSH bridge's doing.
 */
final class ExplainedTransport implements DockerHttpClient {
    private final DockerHttpClient http;
    private final UnaryOperator<RuntimeException> explain;

    ExplainedTransport(DockerHttpClient http, UnaryOperator<RuntimeException> explain) {
        this.http = http;
        this.explain = explain;
    }

    @Override
    public Response execute(Request request) {
        try {
            return http.execute(request);
        } catch (RuntimeException e) {
            RuntimeException explained = explain.apply(e);
            if (explained != e) explained.addSuppressed(e); // for the log: what docker-java saw
            throw explained;
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
