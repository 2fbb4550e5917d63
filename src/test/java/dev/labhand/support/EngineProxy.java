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
 * A loopback TCP front of the Docker engine's unix socket that pumps bytes both ways and lets a subclass
 * act on what a client sends, chunk by chunk, before it reaches the engine: hold it ({@link EngineHoldProxy})
 * or cut the line there ({@link EngineCutProxy}). Give Labhand {@link #dockerHost()}.
 */
abstract class EngineProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String socketPath;
    private final List<java.io.Closeable> open = new CopyOnWriteArrayList<>();

    EngineProxy(String unixSocketPath, String name) {
        this.socketPath = unixSocketPath;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, name);
        t.setDaemon(true);
        t.start();
    }

    /** The docker.host to give Labhand. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Called with each chunk a client sends (as ISO-8859-1 text), before it is forwarded; may block. False drops
     * the chunk and ends that connection's forwarding.
     */
    abstract boolean forward(String chunk) throws InterruptedException;

    /** Whether the engine's answers still flow back; false once the line is cut. */
    boolean flowing() {
        return true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socketPath));
                open.add(client);
                open.add(engine);
                if (!flowing()) {
                    close();
                    return;
                }
                pump(() -> {
                    var in = client.getInputStream();
                    var out = Channels.newOutputStream(engine);
                    byte[] buf = new byte[65536];
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        try {
                            if (!forward(new String(buf, 0, n, StandardCharsets.ISO_8859_1))) return;
                        } catch (InterruptedException e) {
                            return;
                        }
                        out.write(buf, 0, n);
                    }
                });
                pump(() -> {
                    var out = client.getOutputStream();
                    ByteBuffer buf = ByteBuffer.allocate(65536);
                    while (engine.read(buf) > 0 && flowing()) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    client.shutdownOutput();
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
        }, "engine-proxy-pump");
        t.setDaemon(true);
        t.start();
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
