package dev.labhand.discord.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;

/**
 * The gateway side of the fake: one websocket at a time, HELLO on open, READY (+ GUILD_CREATE per guild) on
 * IDENTIFY, missed events + RESUMED on RESUME, heartbeat acks. Dispatches wait (bounded) for a live session, so
 * an event sent while JDA reconnects arrives after the RESUME instead of being lost.
 */
final class FakeGateway {
    static final int HEARTBEAT_INTERVAL_MS = 41250;

    private final Supplier<List<Payloads.GuildSpec>> guilds;
    private final Supplier<String> resumeUrl;
    private final Object lock = new Object();

    // all guarded by lock
    private WebSocket current;
    private boolean live;
    private String sessionId;
    private int seq;
    /** Dispatches of this session as sent (seq, text), replayed on RESUME past the client's seq. */
    private final List<String> history = new ArrayList<>();
    private int identifies;
    private volatile long intents;
    private int resumes;
    private int connections;
    private long lastIdentifyNanos;
    private long lastReadyNanos;
    private final List<JsonNode> received = new ArrayList<>();

    FakeGateway(Supplier<List<Payloads.GuildSpec>> guilds, Supplier<String> resumeUrl) {
        this.guilds = guilds;
        this.resumeUrl = resumeUrl;
    }

    WebSocketListener newConnection() {
        return new Connection();
    }

    int identifies() {
        synchronized (lock) {
            return identifies;
        }
    }

    int resumes() {
        synchronized (lock) {
            return resumes;
        }
    }

    int connections() {
        synchronized (lock) {
            return connections;
        }
    }

    /** Nanos from the last IDENTIFY received to its READY sent, or -1. */
    long lastIdentifyToReadyNanos() {
        synchronized (lock) {
            return lastReadyNanos >= lastIdentifyNanos && lastIdentifyNanos != 0 ? lastReadyNanos - lastIdentifyNanos : -1;
        }
    }

    /** Every gateway payload JDA sent (IDENTIFY, RESUME, heartbeats, presence updates...), token masked. */
    List<JsonNode> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    void awaitLive(Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!live) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("fake Discord: no live gateway session within " + timeout + " for " + what
                            + " (connections=" + connections + ", identifies=" + identifies + ", resumes=" + resumes
                            + ")");
                }
                waitNanos(left);
            }
        }
    }

    /** Sends an op 0 dispatch on the live session (waits up to timeout for one). */
    /** The intents of the last IDENTIFY (Discord's bit set; 1 << 15 is MESSAGE_CONTENT), 0 before one. */
    long intents() {
        return intents;
    }

    void dispatch(String type, ObjectNode data, Duration timeout) {
        synchronized (lock) {
            awaitLive(timeout, type);
            sendDispatchLocked(current, type, data);
        }
    }

    /** A guild added after READY: GUILD_CREATE now (JDA sees it as a join); before READY it goes into READY. */
    void guildAdded(Payloads.GuildSpec spec) {
        synchronized (lock) {
            if (live) {
                sendDispatchLocked(current, "GUILD_CREATE", Payloads.guildCreate(spec));
            }
        }
    }

    /** Forgets the current socket (the session is no longer live) and hands it back for closing. */
    private WebSocket detach() {
        synchronized (lock) {
            WebSocket ws = current;
            current = null;
            live = false;
            lock.notifyAll();
            return ws;
        }
    }

    /** Drops the socket without a close frame; JDA should reconnect and RESUME. */
    void drop() {
        WebSocket ws = detach();
        if (ws == null) {
            return;
        }
        if (ws instanceof RealWebSocket real) {
            // server-side OkHttp websockets have no Call, so cancel() would NPE: fail it, which closes the socket
            real.failWebSocket(new IOException("fake Discord dropped the gateway"), null, false);
        } else {
            ws.close(4000, "fake Discord dropped the gateway");
        }
    }

    /** Sends op 7 RECONNECT (Discord's reconnect request); JDA closes with 4900 and resumes. */
    void requestReconnect() {
        synchronized (lock) {
            if (current != null) {
                current.send("{\"op\":7,\"d\":null,\"s\":null,\"t\":null}");
            }
        }
    }

    void close() {
        WebSocket ws = detach();
        if (ws != null) {
            ws.close(1000, "fake Discord closing");
        }
    }

    private void sendDispatchLocked(WebSocket ws, String type, ObjectNode data) {
        ObjectNode frame = Payloads.obj();
        frame.put("op", 0);
        frame.put("s", ++seq);
        frame.put("t", type);
        frame.set("d", data);
        String text = frame.toString();
        history.add(text);
        ws.send(text);
    }

    private void waitNanos(long nanos) {
        try {
            lock.wait(Math.max(1, nanos / 1_000_000), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the fake gateway", e);
        }
    }

    private final class Connection extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            WebSocket previous;
            synchronized (lock) {
                previous = current;
                current = webSocket;
                live = false;
                connections++;
            }
            if (previous != null && previous != webSocket) {
                previous.close(4000, "superseded");
            }
            webSocket.send("{\"op\":10,\"d\":{\"heartbeat_interval\":" + HEARTBEAT_INTERVAL_MS
                    + ",\"_trace\":[\"fake-discord\"]},\"s\":null,\"t\":null}");
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            JsonNode payload;
            try {
                payload = Payloads.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                webSocket.close(4002, "decode error");
                return;
            }
            int op = payload.path("op").asInt(-1);
            synchronized (lock) {
                JsonNode masked = payload.deepCopy();
                if (masked.path("d").isObject() && masked.path("d").has("token")) {
                    ((ObjectNode) masked.get("d")).put("token", "***");
                }
                received.add(masked);
                if (webSocket != current) {
                    return; // a superseded or dropped socket
                }
                switch (op) {
                    case 1 -> webSocket.send("{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
                    case 2 -> identify(webSocket, payload.path("d"));
                    case 6 -> resume(webSocket, payload.path("d"));
                    default -> {
                        // op 3 presence, op 4 voice state, op 8 request members: nothing to answer
                    }
                }
            }
        }

        private void identify(WebSocket webSocket, JsonNode d) {
            lastIdentifyNanos = System.nanoTime();
            identifies++;
            String token = d.path("token").asText("");
            if (!token.equals(FakeDiscord.TOKEN) && !token.equals("Bot " + FakeDiscord.TOKEN)) {
                webSocket.close(4004, "Authentication failed.");
                return;
            }
            intents = d.path("intents").asLong(0);
            sessionId = UUID.randomUUID().toString().replace("-", "");
            seq = 0;
            history.clear();
            List<Payloads.GuildSpec> specs = guilds.get();
            sendDispatchLocked(webSocket, "READY",
                    Payloads.ready(sessionId, resumeUrl.get(), specs.stream().map(Payloads.GuildSpec::id).toList()));
            for (Payloads.GuildSpec spec : specs) {
                sendDispatchLocked(webSocket, "GUILD_CREATE", Payloads.guildCreate(spec));
            }
            lastReadyNanos = System.nanoTime();
            live = true;
            lock.notifyAll();
        }

        private void resume(WebSocket webSocket, JsonNode d) {
            resumes++;
            String session = d.path("session_id").asText("");
            if (sessionId == null || !sessionId.equals(session)) {
                webSocket.send("{\"op\":9,\"d\":false,\"s\":null,\"t\":null}"); // invalid session: identify again
                return;
            }
            long clientSeq = d.path("seq").asLong(0);
            for (String text : List.copyOf(history)) {
                try {
                    if (Payloads.JSON.readTree(text).path("s").asLong() > clientSeq) {
                        webSocket.send(text);
                    }
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            sendDispatchLocked(webSocket, "RESUMED", Payloads.obj());
            live = true;
            lock.notifyAll();
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            gone(webSocket);
            try {
                webSocket.close(code, null);
            } catch (IllegalArgumentException reservedCode) {
                webSocket.close(1000, null);
            }
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            gone(webSocket);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            gone(webSocket);
        }

        private void gone(WebSocket webSocket) {
            synchronized (lock) {
                if (current == webSocket) {
                    current = null;
                    live = false;
                    lock.notifyAll();
                }
            }
        }
    }
}
