package dev.labhand.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback image registry (the distribution API's v2 paths, plain HTTP) that serves an image's
 * manifest and config and then, part-way through its one layer, stops sending without closing the
 * connection: a registry or network that hangs mid-pull. The real Docker engine pulls from it, so the
 * engine's own progress stream freezes as it would in class. The engine tries TLS first on a loopback
 * registry; that attempt is closed at once, and it falls back to HTTP.
 */
public final class StallingRegistry implements AutoCloseable {
    private static final int LAYER_SIZE = 8 * 1024 * 1024;
    private static final int SENT_BEFORE_STALL = 256 * 1024;
    private final ServerSocket server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final byte[] config = """
            {"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"config":{}}"""
            .formatted(randomHex()).getBytes(StandardCharsets.UTF_8);
    private final String configDigest = "sha256:" + sha256(config);
    // fresh digests each time: nothing of an earlier run can be in the engine's cache
    private final String layerDigest = "sha256:" + randomHex();
    private volatile boolean layerRequested;

    public StallingRegistry() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, "stalling-registry");
        t.setDaemon(true);
        t.start();
    }

    /** An image reference the engine pulls from this registry. */
    public String image(String name) {
        return "127.0.0.1:" + server.getLocalPort() + "/" + name + ":stall";
    }

    /** Whether the engine got as far as the layer (so the stall is mid-pull, not before it). */
    public boolean layerRequested() {
        return layerRequested;
    }

    /** What the engine asked, in order ("GET /v2/"), for a failing test's message. */
    public List<String> requests() {
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "stalling-registry-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;                           // closed, or a TLS attempt: refused
                String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
                String method = line[0];
                String path = line[1].split("\\?")[0];
                requests.add(method + " " + path);
                boolean bodyToo = !method.equals("HEAD");
                if (path.equals("/v2/")) {
                    respond(out, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), null, bodyToo);
                } else if (path.contains("/manifests/")) {
                    byte[] manifest = manifest();
                    respond(out, 200, "application/vnd.docker.distribution.manifest.v2+json", manifest,
                            "sha256:" + sha256(manifest), bodyToo);
                } else if (path.endsWith("/blobs/" + configDigest)) {
                    respond(out, 200, "application/octet-stream", config, configDigest, bodyToo);
                } else if (path.endsWith("/blobs/" + layerDigest)) {
                    layerRequested = true;
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + LAYER_SIZE
                            + "\r\nDocker-Content-Digest: " + layerDigest
                            + "\r\nDocker-Distribution-API-Version: registry/2.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (bodyToo) {
                        out.write(new byte[SENT_BEFORE_STALL]);
                        out.flush();
                        released.await(10, TimeUnit.MINUTES);    // hangs, connection open, until closed
                        return;
                    }
                    out.flush();
                } else {
                    respond(out, 404, "application/json",
                            "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8), null, bodyToo);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException gone) {
            // the engine hung up, or the registry was closed
        }
    }

    /** The request's line and headers; null at the end of the stream or when the first byte opens TLS. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (sb.length() == 0 && b == 0x16) return null;
            sb.append((char) b);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) return sb.toString();
        }
        return null;
    }

    private static void respond(OutputStream out, int status, String type, byte[] body, String digest, boolean bodyToo)
            throws IOException {
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + body.length + "\r\nDocker-Distribution-API-Version: registry/2.0\r\n"
                + (digest == null ? "" : "Docker-Content-Digest: " + digest + "\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (bodyToo) out.write(body);
        out.flush();
    }

    private byte[] manifest() {
        return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
                + ",\"digest\":\"" + configDigest + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + LAYER_SIZE
                + ",\"digest\":\"" + layerDigest + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String randomHex() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        released.countDown();
        try {
            server.close();
            for (Socket s : open) s.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
