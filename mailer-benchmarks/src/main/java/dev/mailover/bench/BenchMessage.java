package dev.mailover.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The messages the SMTP and HTTP contenders send, one recipient each: plain text of 1 KiB, 100 KiB or 1 MiB,
 * or multipart (1 KiB of text and an attachment of that size). Every contender of a row sends the same kind.
 */
final class BenchMessage {
    static final String FROM = "bench@mailover.test";
    static final String TO = "sink@mailover.test";
    static final String TEXT = oneKibibyteOfText();

    /** One kind of message: {@code textBytes} of 7-bit text, and an attachment of {@code attachmentBytes} or none. */
    record Kind(String label, String text, byte[] attachment) {
        boolean multipart() {
            return attachment != null;
        }

        /** The 1 KiB kinds, which run from 1 and 4 threads; the larger ones run from 1 (they show stalls). */
        boolean small() {
            return this == TEXT_1K || this == MULTIPART_1K;
        }

        /** The size on the command line of smtp-source ({@code -l}), for text-only kinds. */
        int textBytes() {
            return text.length();
        }
    }

    static final Kind TEXT_1K = text("1 KiB text", 1);
    static final Kind MULTIPART_1K = multipart("multipart, 1 KiB text + 1 KiB attachment", 1);

    private BenchMessage() {
    }

    /** Every kind, smallest first. */
    static List<Kind> kinds() {
        return AllKinds.KINDS;
    }

    /**
     * The larger kinds are made on first use: the start-up probe, which sends one 1 KiB message, must not
     * spend its time (some 30 ms) making 2 MiB of text and random bytes it never sends.
     */
    private static final class AllKinds {
        static final List<Kind> KINDS = List.of(TEXT_1K, MULTIPART_1K,
                text("100 KiB text", 100), multipart("multipart, 1 KiB text + 100 KiB attachment", 100),
                text("1 MiB text", 1024), multipart("multipart, 1 KiB text + 1 MiB attachment", 1024));
    }

    static String subject(int sequence) {
        return "Benchmark message " + sequence;
    }

    private static Kind text(String label, int kibibytes) {
        return new Kind(label, TEXT.repeat(kibibytes), null);
    }

    private static Kind multipart(String label, int kibibytes) {
        byte[] attachment = new byte[kibibytes * 1024];
        new Random(kibibytes).nextBytes(attachment);
        return new Kind(label, TEXT, attachment);
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
