package dev.mailover.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A stub server in a JVM of its own, on this machine's loopback, so that its threads do not share the client's
 * CPU accounting (the benchmark counts the client process's CPU time). The child prints {@code PORT n} when it
 * listens, answers its count on its standard output for each line the parent writes to its standard input, and
 * ends when that input closes (by {@link #close()}, or by the parent's death).
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final int port;
    private final BufferedReader out;
    private final OutputStream in;

    private ChildJvm(Process process, int port, BufferedReader out) {
        this.process = process;
        this.port = port;
        this.out = out;
        this.in = process.getOutputStream();
    }

    /** Starts {@code main} with the benchmark's class path and waits until it prints its port. */
    static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException(main.getSimpleName() + " did not start: " + line);
        }
        return new ChildJvm(process, Integer.parseInt(line.substring(5).trim()), out);
    }

    int port() {
        return port;
    }

    /** Asks the child for its count (see {@link #serve(int, LongSupplier)}). */
    synchronized long count() throws IOException {
        in.write('\n');
        in.flush();
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("the child JVM ended (exit " + process.exitValue() + ")");
        }
        return Long.parseLong(answer.trim());
    }

    /** The child JVM's CPU time so far (its server threads, JIT and GC), or null when it cannot be read. */
    Duration cpu() {
        return process.info().totalCpuDuration().orElse(null);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * The child's side: prints {@code PORT port}, then for every line read from standard input prints
     * {@code count}'s value, until standard input ends.
     */
    static void serve(int port, LongSupplier count) throws IOException {
        System.out.println("PORT " + port);
        System.out.flush();
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        while (parent.readLine() != null) {
            System.out.println(count.getAsLong());
            System.out.flush();
        }
    }
}
