package dev.mailover.internal;

/**
 * The one way Mailover counts the size of text: as the bytes it takes in UTF-8, exactly what
 * {@code getBytes(UTF_8)} would give (an unpaired surrogate is one {@code ?}), without ever copying
 * the whole text, so that measuring a 10 MiB body against a provider's limit costs no second body.
 * Not API.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The number of bytes {@code text} takes in UTF-8, as {@code getBytes(UTF_8)} writes it: counted
     * char by char in place, with no copy of any part of the text (a 10 MiB body allocates nothing).
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
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // written as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** True when every character of {@code text} is ASCII, one byte in UTF-8; a plain loop, with no stream or lambda to bootstrap. */
    public static boolean isAscii(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
