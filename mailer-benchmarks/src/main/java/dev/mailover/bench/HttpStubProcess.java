package dev.mailover.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The {@link HttpStub} in a {@link ChildJvm}: the SendGrid-shaped server of the HTTP rows. */
final class HttpStubProcess implements ThroughputBench.Server, AutoCloseable {
    private final ChildJvm jvm;

    private HttpStubProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts the stub with {@code threads} handler threads and waits until it listens. */
    static HttpStubProcess start(int threads) throws IOException {
        // like a real API front end, the stub answers without Nagle's delay (the JDK server's default is off)
        return new HttpStubProcess(ChildJvm.start(List.of("-Dsun.net.httpserver.nodelay=true"), HttpStub.class,
                Integer.toString(threads)));
    }

    /** Base URL such as {@code http://127.0.0.1:40123}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return jvm.port();
    }

    /** How many sends the stub answered 202 so far, as the stub counts them. */
    @Override
    public long received() throws IOException {
        return jvm.count();
    }

    /** The child JVM's CPU time so far (its request threads, JIT and GC). */
    @Override
    public Duration cpu() {
        return jvm.cpu();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        jvm.close();
    }
}
