package dev.mailover.bench;

import java.nio.charset.StandardCharsets;

/** The message every SMTP and HTTP contender sends: plain text, 1 KiB of body, one recipient. */
final class BenchMessage {
    static final String FROM = "bench@mailover.test";
    static final String TO = "sink@mailover.test";
    static final String TEXT = oneKibibyteOfText();

    private BenchMessage() {
    }

    static String subject(int sequence) {
        return "Benchmark message " + sequence;
    }

    /** 16 lines of 62 letters plus CRLF: exactly 1024 bytes of 7-bit text. */
    private static String oneKibibyteOfText() {
        StringBuilder text = new StringBuilder(1024);
        String letters = "The quick brown fox jumps over the lazy dog, again and again. ";
        for (int line = 0; line < 16; line++) {
            text.append(letters, 0, 62).append("\r\n");
        }
        if (text.toString().getBytes(StandardCharsets.US_ASCII).length != 1024) {
            throw new AssertionError("body must be 1 KiB");
        }
        return text.toString();
    }
}
