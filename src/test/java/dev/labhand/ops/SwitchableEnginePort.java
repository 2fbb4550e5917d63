package dev.labhand.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Docker engine's unix socket on a loopback TCP port that can be closed (the port then refuses connections,
 * as an engine that is down) and opened again on the same port.
 */
final class SwitchableEnginePort implements AutoCloseable {
    private final String socketPath;
    private final int port;
    private final List<java.io.Closeable> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    SwitchableEnginePort(String socketPath) {
        this.socketPath = socketPath;
        this.server = listen(0);
        this.port = server.getLocalPort();
        serve(server);
    }

    String dockerHost() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Closes the port and every connection through it. */
    synchronized void shut() {
        close();
    }

    /** Listens on the same port again. */
    synchronized void reopen() {
        server = listen(port);
        serve(server);
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(ServerSocket s) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socketPath));
                    open.add(client);
                    open.add(engine);
                    pump(() -> {
                        InputStream in = client.getInputStream();
                        byte[] buf = new byte[65536];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                            while (b.hasRemaining()) engine.write(b);
                        }
                        engine.shutdownOutput();
                    });
                    pump(() -> {
                        OutputStream out = client.getOutputStream();
                        ByteBuffer buf = ByteBuffer.allocate(65536);
                        while (engine.read(buf) > 0) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        client.shutdownOutput();
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "engine-port");
        t.setDaemon(true);
        t.start();
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void pump(Pump p) {
        Thread t = new Thread(() -> {
            try {
                p.run();
            } catch (IOException ignored) {
                // one side closed
            }
        }, "engine-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (java.io.Closeable c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        open.clear();
    }
}
