package dev.mailover.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Unguessable tokens for ids (the random part of a generated Message-ID): 128 bits of the operating
 * system's random generator each, written as 26 lowercase base32 characters. Each thread draws its
 * random bytes in batches of 64 tokens, so that a token costs one locked read in 64 instead of one per
 * character. Thread-safe; tokens from different threads are independent draws, so they collide with a
 * probability of about 2<sup>-128</sup>. Not API.
 *
 * <p>The bytes come straight from {@code /dev/urandom} (the kernel's generator, the one
 * {@link SecureRandom}'s default {@code NativePRNG} reads too) where it is a device, which spares the
 * first id of a process the start-up of the JCA provider framework (tens of milliseconds before the
 * first send). Where there is no such device (Windows), or it cannot be read, they come from a
 * {@link SecureRandom}.
 */
public final class UnguessableIds {

    /** Bytes per token: 128 bits. */
    private static final int TOKEN = 16;
    private static final int BATCH = 64 * TOKEN;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Entropy ENTROPY = Entropy.open("/dev/urandom");
    private static final ThreadLocal<Batch> BATCHES = new ThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    private UnguessableIds() {
    }

    /** 128 random bits as 26 characters of {@code [a-z2-7]}. */
    public static String next() {
        return BATCHES.get().next();
    }

    /** True when the tokens come from the operating system's random device, false when from a SecureRandom; for tests. */
    static boolean fromOsDevice() {
        return ENTROPY.fromDevice();
    }

    /** One thread's random bytes, refilled when used up. */
    private static final class Batch {
        private final byte[] bytes = new byte[BATCH];
        private int used = BATCH;

        String next() {
            if (used == BATCH) {
                ENTROPY.fill(bytes);
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

    /**
     * Where random bytes come from: the operating system's random device, held open, or, when there is
     * none or it fails, a {@link SecureRandom} (created only then). Thread-safe.
     */
    static final class Entropy {
        private InputStream device;
        private SecureRandom random;

        private Entropy(InputStream device) {
            this.device = device;
        }

        /**
         * Reads from {@code path} when it is a device (a regular file is never taken for one), else from
         * a SecureRandom.
         */
        static Entropy open(String path) {
            File file = new File(path);
            if (!file.exists() || file.isFile() || file.isDirectory()) {
                return new Entropy(null);
            }
            try {
                return new Entropy(new FileInputStream(file));
            } catch (IOException | SecurityException e) {
                return new Entropy(null);
            }
        }

        /** Fills {@code bytes} completely with random bytes. */
        synchronized void fill(byte[] bytes) {
            if (device != null) {
                try {
                    if (device.readNBytes(bytes, 0, bytes.length) == bytes.length) {
                        return;
                    }
                } catch (IOException e) {
                    // The device failed: from now on the bytes come from a SecureRandom.
                }
                closeQuietly(device);
                device = null;
            }
            if (random == null) {
                random = new SecureRandom();
            }
            random.nextBytes(bytes);
        }

        synchronized boolean fromDevice() {
            return device != null;
        }

        private static void closeQuietly(InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Nothing more to read from it either way.
            }
        }
    }
}
