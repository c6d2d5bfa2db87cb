package dev.mailover.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one walk over an exception's cause chain, bounded and safe against cycles, shared by every
 * classifier (a certificate expiry wrapped in an {@code SSLHandshakeException} wrapped in a library's
 * own exception is still found). Jakarta Mail's {@code MessagingException} returns its next exception
 * as its cause, so the walk reaches it too. Not API.
 */
public final class Causes {

    /** Chains longer than this are cut: they are cycles or pathological. */
    private static final int MAX_DEPTH = 32;

    private Causes() {
    }

    /** The throwable and its causes, outermost first, without repeats; empty for null. */
    public static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && chain.size() < MAX_DEPTH && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The first throwable in the chain that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable t : chain(error)) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** True when some throwable in the chain is a {@code type}. */
    public static boolean has(Throwable error, Class<? extends Throwable> type) {
        return find(error, type).isPresent();
    }

    /** True when some message in the chain contains {@code text}. */
    public static boolean mentions(Throwable error, String text) {
        for (Throwable t : chain(error)) {
            String m = t.getMessage();
            if (m != null && m.contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost throwable of the chain; null for null. */
    public static Throwable root(Throwable error) {
        List<Throwable> chain = chain(error);
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }

    /**
     * The classes of the chain, outermost first, for example
     * {@code MessagingException > SSLHandshakeException > CertificateExpiredException}: what an
     * UNKNOWN failure logs so that the classifier gap can be closed.
     */
    public static String classes(Throwable error) {
        List<String> names = new ArrayList<>();
        for (Throwable t : chain(error)) {
            names.add(t.getClass().getName());
        }
        return String.join(" > ", names);
    }
}
