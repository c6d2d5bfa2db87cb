package dev.mailover.internal;

/**
 * The one way Mailover counts the size of text: as the bytes it takes in UTF-8, counted without
 * encoding it, so that measuring a large body against a provider's limit never copies it. Not API.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The number of bytes {@code text} takes in UTF-8: 1 for ASCII, 2 up to U+07FF, 4 for a surrogate
     * pair, 3 for the rest (a lone surrogate counts 3 too: an upper bound, never an undercount).
     */
    public static long length(CharSequence text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
