package dev.labhand.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP front of the Docker engine's unix socket that goes away for good the moment a request
 * containing {@code cutAt} passes through it (that request is not forwarded): the engine "dies" at an
 * exact step of a conversation, e.g. after the container was made and before it is started.
 */
public final class EngineCutProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String socketPath;
    private final String cutAt;
    private final List<java.io.Closeable> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    public EngineCutProxy(String unixSocketPath, String cutAt) {
        this.socketPath = unixSocketPath;
        this.cutAt = cutAt;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, "engine-cut-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** The docker.host to give Labhand. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    public boolean wasCut() {
        return cut;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socketPath));
                open.add(client);
                open.add(engine);
                if (cut) {
                    close();
                    return;
                }
                pump(() -> {
                    // client to engine: watch each chunk for the request that cuts the line
                    var in = client.getInputStream();
                    var out = Channels.newOutputStream(engine);
                    byte[] buf = new byte[65536];
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        // once cut, no connection carries anything more (one accepted as the cut happened included)
                        if (cut || new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains(cutAt)) {
                            cutNow();
                            return;
                        }
                        out.write(buf, 0, n);
                    }
                });
                pump(() -> {
                    var out = client.getOutputStream();
                    ByteBuffer buf = ByteBuffer.allocate(65536);
                    while (engine.read(buf) > 0 && !cut) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private void pump(Pump p) {
        Thread t = new Thread(() -> {
            try {
                p.run();
            } catch (IOException ignored) {
                // a side closed
            }
        }, "engine-cut-pump");
        t.setDaemon(true);
        t.start();
    }

    private void cutNow() {
        cut = true;
        close();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // going away anyway
        }
        for (java.io.Closeable c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // same
            }
        }
    }
}
