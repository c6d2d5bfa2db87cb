package dev.mailover.http;

import java.io.IOException;
import java.io.OutputStream;
import okio.Buffer;
import okio.BufferedSink;

/**
 * The stream a request body is written to: it hands the bytes to OkHttp's sink {@value #BATCH} bytes at
 * a time. Every write that reaches the socket enters and leaves Okio's write timeout, which wakes Okio's
 * watchdog thread; through the sink's own stream that happened for every 8 KiB segment (about 3 ms of
 * that thread's CPU per MiB sent, on the benchmark's machine). A batch is the most Okio writes under one
 * timeout anyway, and handing it over moves Okio's segments without copying them.
 *
 * <p>{@link #flush()} and {@link #close()} hand over what is left but never flush the connection: OkHttp
 * then sends the last chunk and the chunked terminator in one write (a flush here would put the
 * terminator in a segment of its own, which Nagle's algorithm holds until the server's delayed ACK).
 * Closing it leaves the sink open: it belongs to OkHttp. Not thread-safe, like the body it writes.
 */
final class BatchingBodyStream extends OutputStream {

    /** Okio's own limit for one write under its timeout ({@code AsyncTimeout}'s {@code TIMEOUT_WRITE_SIZE}). */
    static final int BATCH = 64 * 1024;

    private final BufferedSink sink;
    private final Buffer batch = new Buffer();

    BatchingBodyStream(BufferedSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        batch.writeByte(b);
        if (batch.size() >= BATCH) {
            handOver();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        batch.write(b, off, len);
        if (batch.size() >= BATCH) {
            handOver();
        }
    }

    /** Hands the batch to the sink, which writes its complete segments on to the connection. */
    @Override
    public void flush() throws IOException {
        handOver();
    }

    @Override
    public void close() throws IOException {
        handOver();
    }

    private void handOver() throws IOException {
        if (batch.size() > 0) {
            sink.write(batch, batch.size());
        }
    }
}
