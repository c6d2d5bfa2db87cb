package dev.mailover.smtp;

import dev.mailover.internal.Secrets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The secrets a mailer has used (its password, the last few OAuth2 tokens), so that exception
 * messages, results, health checks and the dialogue log can mask them, through the one masking
 * mechanism {@link Secrets} (which also hides them inside AUTH PLAIN, LOGIN and XOAUTH2 blobs).
 * Thread-safe; keeps a bounded number.
 */
final class KnownSecrets {

    private static final int MAX = 8;

    private final Deque<String> secrets = new ArrayDeque<>();
    private volatile Secrets masker = Secrets.none();

    synchronized void add(String secret) {
        if (secret == null || secret.isBlank() || secrets.contains(secret)) {
            return;
        }
        secrets.addFirst(secret);
        if (secrets.size() > MAX) {
            secrets.removeLast();
        }
        masker = Secrets.of(secrets);
    }

    synchronized List<String> all() {
        return List.copyOf(secrets);
    }

    /** Masks every known secret, in every form, in this text. */
    Secrets masker() {
        return masker;
    }
}
