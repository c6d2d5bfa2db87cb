package dev.mailover.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place that hides passwords, tokens and API keys from everything Mailover writes: exception
 * messages and details, {@code toString()}, the SMTP dialogue log and HTTP logs. Not API: this package
 * is shared by Mailover's own modules and may change without notice.
 *
 * <p>A secret is masked in every form in which it travels or is echoed back: as written,
 * percent-encoded, JSON-escaped, hex, and base64 (standard and URL-safe) <em>at any alignment</em>, so
 * that a blob which carries it together with other bytes is hidden too: SMTP {@code AUTH PLAIN}
 * ({@code \0user\0password}), {@code AUTH LOGIN}, {@code XOAUTH2}
 * ({@code user=…\1auth=Bearer token\1\1}) and HTTP {@code Basic} ({@code api:key}). A base64 match
 * masks the whole base64 word around it, so the user name carried in the same blob goes too.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secrets {

    /** What a masked secret looks like. */
    public static final String MASK = "****";

    private static final Secrets NONE = new Secrets(List.of(), List.of());
    private static final int MAX_CAUSES = 32;
    /** A base64 core shorter than this would mask innocent text; such short secrets are masked as written. */
    private static final int MIN_CORE = 4;

    /** Forms masked exactly where they occur. */
    private final List<String> literal;
    /** Base64 cores: where one occurs, the whole base64 word around it is masked. */
    private final List<String> encoded;

    private Secrets(List<String> literal, List<String> encoded) {
        this.literal = literal;
        this.encoded = encoded;
    }

    /** No secrets: {@link #mask(String)} returns its argument. */
    public static Secrets none() {
        return NONE;
    }

    /** The given secrets; null and blank values are ignored. */
    public static Secrets of(String... secrets) {
        return of(List.of(secrets).stream().filter(s -> s != null).toList());
    }

    /** The given secrets; null and blank values are ignored. */
    public static Secrets of(Collection<String> secrets) {
        Set<String> literal = new LinkedHashSet<>();
        Set<String> encoded = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.isBlank()) {
                continue;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            literal.add(s);
            String form = URLEncoder.encode(s, StandardCharsets.UTF_8);
            literal.add(form);
            literal.add(form.replace("+", "%20"));
            String json = jsonEscaped(s);
            literal.add(json);
            literal.add(json.replace("/", "\\/"));
            literal.add(HexFormat.of().formatHex(bytes));
            literal.add(HexFormat.of().withUpperCase().formatHex(bytes));
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                for (int offset = 0; offset < 3; offset++) {
                    String core = base64Core(encoder, bytes, offset);
                    if (core.length() >= MIN_CORE) {
                        encoded.add(core);
                    }
                }
            }
        }
        if (literal.isEmpty()) {
            return NONE;
        }
        Comparator<String> longestFirst = Comparator.comparingInt(String::length).reversed();
        List<String> l = new ArrayList<>(literal);
        l.sort(longestFirst);
        List<String> e = new ArrayList<>(encoded);
        e.sort(longestFirst);
        return new Secrets(List.copyOf(l), List.copyOf(e));
    }

    /** True when there is nothing to mask. */
    public boolean isEmpty() {
        return literal.isEmpty();
    }

    /** The text with every form of every secret replaced by {@link #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || literal.isEmpty() || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String core : encoded) {
            out = maskBase64Words(out, core);
        }
        for (String form : literal) {
            out = out.replace(form, MASK);
        }
        return out;
    }

    /** True when the text holds a secret in some form. */
    public boolean reveals(String text) {
        return text != null && !mask(text).equals(text);
    }

    /**
     * The cause itself when no message in its chain holds a secret. Otherwise a copy of the chain with
     * the messages masked (each link names the original class and keeps its stack trace), because
     * loggers and {@code printStackTrace()} print every cause's message, and servers sometimes echo a
     * credential in their reply.
     */
    public Throwable maskCause(Throwable cause) {
        if (cause == null || literal.isEmpty() || !chainReveals(cause)) {
            return cause;
        }
        return maskedCopy(cause, 0);
    }

    private boolean chainReveals(Throwable cause) {
        int depth = 0;
        for (Throwable t = cause; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (reveals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private Throwable maskedCopy(Throwable t, int depth) {
        Throwable next = t.getCause() == null || t.getCause() == t || depth >= MAX_CAUSES
                ? null : maskedCopy(t.getCause(), depth + 1);
        String m = t.getMessage();
        MaskedCause copy = new MaskedCause(t.getClass().getName() + (m == null ? "" : ": " + mask(m)), next);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Masks every base64 word (a run of base64 alphabet characters) that contains {@code core}. */
    private static String maskBase64Words(String text, String core) {
        int at = text.indexOf(core);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at;
            while (start > copied && isBase64(text.charAt(start - 1))) {
                start--;
            }
            int end = at + core.length();
            while (end < text.length() && isBase64(text.charAt(end))) {
                end++;
            }
            out.append(text, copied, start).append(MASK);
            copied = end;
            at = text.indexOf(core, end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
    }

    /**
     * The base64 characters that depend only on the secret's bytes when they follow {@code offset}
     * other bytes: whatever surrounds the secret in a blob, these characters appear in its encoding.
     */
    private static String base64Core(Base64.Encoder encoder, byte[] secret, int offset) {
        byte[] padded = new byte[offset + secret.length];
        System.arraycopy(secret, 0, padded, offset, secret.length);
        String all = encoder.withoutPadding().encodeToString(padded);
        int firstBit = offset * 8;
        int endBit = (offset + secret.length) * 8;
        int first = (firstBit + 5) / 6;
        int end = endBit / 6;
        return first < end ? all.substring(first, Math.min(end, all.length())) : "";
    }

    private static String jsonEscaped(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * Stands in for a cause whose message held a secret: its message is the original class name and
     * the masked message.
     */
    private static final class MaskedCause extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MaskedCause(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
