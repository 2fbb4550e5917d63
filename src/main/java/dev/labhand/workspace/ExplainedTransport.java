package dev.labhand.workspace;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.labhand.util.DaemonThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * docker-java's HTTP transport to a remote engine, watched by its {@link EngineRoute}: a request still
 * without an answer after {@link #CHECK_AFTER} has the route checked (a frozen host is found within the
 * route's bound, and the request ends then), and a request that got no HTTP answer at all is explained by
 * the route. Errors the engine answered (404, 409, ...) are answers, so they pass untouched.
 */
final class ExplainedTransport implements DockerHttpClient {
    static final Duration CHECK_AFTER = Duration.ofSeconds(3);
    private static final ScheduledThreadPoolExecutor CHECKS = checks();

    private final DockerHttpClient http;
    private final EngineRoute route;

    ExplainedTransport(DockerHttpClient http, EngineRoute route) {
        this.http = http;
        this.route = route;
    }

    @Override
    public Response execute(Request request) {
        ScheduledFuture<?> check = CHECKS.schedule(route::check, CHECK_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return http.execute(request);
        } catch (RuntimeException e) {
            RuntimeException explained = route.explain(e);
            if (explained != e) explained.addSuppressed(e); // for the log: what docker-java saw
            throw explained;
        } finally {
            check.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor checks() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("engine-route-check-"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
