package dev.mailover.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@link HttpStub} in a child JVM on this machine's loopback, so that the stub's threads do not share the
 * client's CPU accounting (the benchmark counts the client process's CPU time). Closing it closes the child's
 * standard input, which ends it.
 */
final class HttpStubProcess implements ThroughputBench.Server, AutoCloseable {
    private final Process process;
    private final int port;

    private HttpStubProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the stub with {@code threads} handler threads and waits until it listens. */
    static HttpStubProcess start(int threads) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // like a real API front end, the stub answers without Nagle's delay (the JDK server's default is off)
                "-Xmx256m", "-XX:+UseSerialGC", "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
                HttpStub.class.getName(), Integer.toString(threads));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException("the HTTP stub did not start: " + line);
        }
        return new HttpStubProcess(process, Integer.parseInt(line.substring(5).trim()));
    }

    /** Base URL such as {@code http://127.0.0.1:40123}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** How many sends the stub answered 202 so far. */
    @Override
    public long received() throws IOException {
        return accepted();
    }

    /** The child JVM's CPU time so far (its request threads, JIT and GC). */
    @Override
    public Duration cpu() {
        return process.info().totalCpuDuration().orElse(null);
    }

    /** How many sends the stub answered 202 so far, asked over HTTP. */
    long accepted() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/stats").toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        try (InputStream body = connection.getInputStream()) {
            return Long.parseLong(new String(body.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } finally {
            connection.disconnect();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
