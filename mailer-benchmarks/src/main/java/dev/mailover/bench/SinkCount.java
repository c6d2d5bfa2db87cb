package dev.mailover.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Postfix's {@code smtp-sink -c} as the benchmark sees it: its count of messages received (it rewrites a line
 * {@code sess=N quit=N mesg=N}, ended by a carriage return, on its standard output whenever a message ends, which
 * run.sh sends to a file) and, given its pid, its CPU time (one process: smtp-sink does not fork).
 */
final class SinkCount implements ThroughputBench.Server {
    private final Path log;
    private final ProcessHandle process;

    /** @param pid smtp-sink's process id, or -1 when unknown (no CPU time then) */
    SinkCount(Path log, long pid) {
        this.log = log;
        this.process = pid > 0 ? ProcessHandle.of(pid).orElse(null) : null;
    }

    @Override
    public Duration cpu() {
        return process == null ? null : process.info().totalCpuDuration().orElse(null);
    }

    @Override
    public long received() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int tail = (int) Math.min(length, 512);
            byte[] bytes = new byte[tail];
            file.seek(length - tail);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.US_ASCII);
            int at = text.lastIndexOf("mesg=");
            if (at < 0) {
                return 0;
            }
            int end = at + 5;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            if (end == text.length()) { // a line being written: take the one before it
                at = text.lastIndexOf("mesg=", at - 1);
                if (at < 0) {
                    return 0;
                }
                end = at + 5;
                while (Character.isDigit(text.charAt(end))) {
                    end++;
                }
            }
            return Long.parseLong(text.substring(at + 5, end));
        }
    }
}
