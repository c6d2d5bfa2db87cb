package dev.mailover.internal;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Unguessable tokens for ids (the random part of a generated Message-ID): 128 bits from
 * {@link SecureRandom} each, written as 26 lowercase base32 characters. Each thread draws its random
 * bytes in batches of 64 tokens, so that a token costs one locked call to the shared
 * {@code SecureRandom} in 64 instead of one per character. Thread-safe; tokens from different
 * threads are independent draws, so they collide with a probability of about 2<sup>-128</sup>. Not API.
 */
public final class UnguessableIds {

    /** Bytes per token: 128 bits. */
    private static final int TOKEN = 16;
    private static final int BATCH = 64 * TOKEN;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Batch> BATCHES = ThreadLocal.withInitial(Batch::new);

    private UnguessableIds() {
    }

    /** 128 random bits as 26 characters of {@code [a-z2-7]}. */
    public static String next() {
        return BATCHES.get().next();
    }

    /** One thread's random bytes, refilled when used up. */
    private static final class Batch {
        private final byte[] bytes = new byte[BATCH];
        private int used = BATCH;

        String next() {
            if (used == BATCH) {
                RANDOM.nextBytes(bytes);
                used = 0;
            }
            char[] out = new char[26];
            int bits = 0;
            int buffer = 0;
            int n = 0;
            for (int i = used; i < used + TOKEN; i++) {
                buffer = (buffer << 8) | (bytes[i] & 0xff);
                bits += 8;
                while (bits >= 5) {
                    out[n++] = BASE32[(buffer >>> (bits - 5)) & 31];
                    bits -= 5;
                }
            }
            out[n] = BASE32[(buffer << (5 - bits)) & 31];
            // Drawn bytes are not kept: a later reader of this thread's memory learns nothing of past ids.
            Arrays.fill(bytes, used, used + TOKEN, (byte) 0);
            used += TOKEN;
            return new String(out);
        }
    }
}
