package dev.mailover.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SendGrid-shaped HTTP stub on loopback: {@code POST /v3/mail/send} reads the whole body and answers
 * {@code 202 Accepted} with an {@code X-Message-Id}; {@code GET /v3/scopes} answers the credential check. Built
 * on the JDK's HTTP server so that it costs both contenders the same and records nothing but a counter. It runs in
 * a child JVM of its own ({@link HttpStubProcess}), so that its CPU time is not counted as the client's.
 */
public final class HttpStub implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger accepted = new AtomicInteger();

    HttpStub(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger threadNumber = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bench-http-stub-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v3/mail/send", this::send);
        server.createContext("/v3/scopes", this::scopes);
        server.start();
    }

    /**
     * The child JVM: {@code HttpStub THREADS} prints {@code PORT n} on standard output, then serves until its
     * standard input is closed (by the parent, or by the parent's death); for every line it reads there it prints
     * how many sends it accepted so far.
     */
    public static void main(String[] args) throws IOException {
        try (HttpStub stub = new HttpStub(Integer.parseInt(args[0]))) {
            ChildJvm.serve(stub.port(), stub::accepted);
        }
        System.exit(0);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** How many sends were answered 202 so far. */
    int accepted() {
        return accepted.get();
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            drain(exchange.getRequestBody());
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            int number = accepted.incrementAndGet();
            exchange.getResponseHeaders().add("X-Message-Id", "stub-" + number);
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private void scopes(HttpExchange exchange) throws IOException {
        try (exchange) {
            drain(exchange.getRequestBody());
            byte[] body = "{\"scopes\":[\"mail.send\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (body.read(buffer) >= 0) {
            // the stub keeps nothing of the body
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
