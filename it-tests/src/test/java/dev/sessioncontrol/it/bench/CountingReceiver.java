package dev.sessioncontrol.it.bench;

import com.sun.net.httpserver.HttpServer;
import dev.sessioncontrol.it.support.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** An application's back-channel logout endpoint that only counts what it receives. */
final class CountingReceiver implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lastReceivedNanos = new AtomicLong(System.nanoTime());

    CountingReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/logout", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            received.incrementAndGet();
            lastReceivedNanos.set(System.nanoTime());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/logout";
    }

    long received() {
        return received.get();
    }

    void reset() {
        received.set(0);
    }

    /** The count once nothing more arrived for {@code quiet}. */
    long awaitQuiet(Duration quiet) {
        Poll.until(
                "no back-channel logout for " + quiet,
                Duration.ofMinutes(30),
                () -> System.nanoTime() - lastReceivedNanos.get() >= quiet.toNanos());
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
