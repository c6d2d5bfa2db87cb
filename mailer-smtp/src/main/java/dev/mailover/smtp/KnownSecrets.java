package dev.mailover.smtp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The secrets a mailer has used (its password, the last few OAuth2 tokens), so that exception
 * messages and the dialogue log can mask them. Thread-safe; keeps a bounded number.
 */
final class KnownSecrets {

    private static final int MAX = 8;

    private final Deque<String> secrets = new ArrayDeque<>();

    synchronized void add(String secret) {
        if (secret == null || secret.isBlank() || secrets.contains(secret)) {
            return;
        }
        secrets.addFirst(secret);
        if (secrets.size() > MAX) {
            secrets.removeLast();
        }
    }

    synchronized List<String> all() {
        return List.copyOf(secrets);
    }
}
