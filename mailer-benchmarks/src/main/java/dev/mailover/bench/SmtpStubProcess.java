package dev.mailover.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The {@link SmtpStub} in a {@link ChildJvm}: the server of the SMTP rows that check for a stall. */
final class SmtpStubProcess implements ThroughputBench.Server, AutoCloseable {
    private final ChildJvm jvm;

    private SmtpStubProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    static SmtpStubProcess start() throws IOException {
        return new SmtpStubProcess(ChildJvm.start(List.of(), SmtpStub.class));
    }

    int port() {
        return jvm.port();
    }

    /** How many messages the stub received so far, as it counts them. */
    @Override
    public long received() throws IOException {
        return jvm.count();
    }

    /** The child JVM's CPU time so far (its session threads, JIT and GC). */
    @Override
    public Duration cpu() {
        return jvm.cpu();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        jvm.close();
    }
}
