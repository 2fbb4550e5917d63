package dev.labhand.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The operations endpoint on the JDK's HTTP server: {@code GET /metrics} (Prometheus text) and
 * {@code GET /healthz} (200 with every check, or 503 naming the failing ones). Bound to loopback by default.
 */
final class OperationsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    OperationsServer(String bind, Supplier<String> metrics, Supplier<Map<String, Boolean>> health) {
        int colon = bind.lastIndexOf(':');
        String host = bind.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(bind.substring(colon + 1));
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("operations endpoint: cannot listen on " + bind, e);
        }
        threads = Executors.newFixedThreadPool(2, dev.labhand.util.DaemonThreads.named("ops-http-"));
        server.setExecutor(threads);
        server.createContext("/metrics", ex -> answer(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.createContext("/healthz", ex -> {
            Map<String, Boolean> checks = health.get();
            boolean ok = checks.values().stream().allMatch(Boolean::booleanValue);
            answer(ex, ok ? 200 : 503, "application/json", json(ok, checks));
        });
        server.start();
    }

    /** The port it listens on (the one asked for, or the one given for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    static String json(boolean ok, Map<String, Boolean> checks) {
        String body = checks.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + (e.getValue() ? "ok" : "failing") + "\"")
                .collect(Collectors.joining(","));
        String failing = checks.entrySet().stream().filter(e -> !e.getValue()).map(e -> "\"" + e.getKey() + "\"")
                .collect(Collectors.joining(","));
        return "{\"status\":\"" + (ok ? "ok" : "failing") + "\",\"checks\":{" + body + "},\"failing\":[" + failing + "]}";
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
