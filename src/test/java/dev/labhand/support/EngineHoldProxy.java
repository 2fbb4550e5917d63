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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP front of the Docker engine's unix socket that holds back the first request containing
 * {@code holdAt} until {@link #release()}: a tool is caught at an exact step (say, the container made and
 * its start not yet sent), for as long as a test needs to do something meanwhile. Everything else passes.
 */
public final class EngineHoldProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String socketPath;
    private final String holdAt;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<java.io.Closeable> open = new CopyOnWriteArrayList<>();

    public EngineHoldProxy(String unixSocketPath, String holdAt) {
        this.socketPath = unixSocketPath;
        this.holdAt = holdAt;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, "engine-hold-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** The docker.host to give Labhand. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Waits until the request to hold arrived (and is being held). */
    public void awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no request containing '" + holdAt + "' reached the engine within " + timeout);
        }
    }

    /** Lets the held request (and every later one) through. */
    public void release() {
        released.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socketPath));
                open.add(client);
                open.add(engine);
                pump(() -> {
                    var in = client.getInputStream();
                    var out = Channels.newOutputStream(engine);
                    byte[] buf = new byte[65536];
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        if (held.getCount() > 0 && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains(holdAt)) {
                            held.countDown();
                            try {
                                released.await();
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        out.write(buf, 0, n);
                    }
                });
                pump(() -> {
                    var out = client.getOutputStream();
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
        }, "engine-hold-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        released.countDown();
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
