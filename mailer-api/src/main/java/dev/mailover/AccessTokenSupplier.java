package dev.mailover;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Supplies OAuth2 access tokens that it caches, and can drop the cached one. A transport that
 * authenticates with a token (SMTP's XOAUTH2) calls {@link #invalidate()} once when the server
 * refuses a token it got from here, then asks for a fresh one with {@link #get()}; a plain
 * {@code Supplier<String>} is used as it is, without that second try.
 *
 * <p>{@link #get()} either returns a non-empty token or throws: a {@link MailException} whose kind
 * says why the token could not be had (the token endpoint refused the client, it is down or it
 * throttles), which the transport reports with that kind. Implementations are thread-safe and never
 * reveal a secret in {@code toString()}, exception messages or logs.
 * {@code dev.mailover.oauth2.OAuth2TokenSource} (module {@code mailer-oauth2}) is one.
 */
public interface AccessTokenSupplier extends Supplier<String> {

    /**
     * A valid access token, from the cache or freshly fetched.
     *
     * @throws MailException classified, when no token can be had
     */
    @Override
    String get();

    /**
     * A valid access token within {@code timeLimit}: as {@link #get()}, but a token that has to be
     * fetched is waited for at most that long, so that a transport's send keeps its own time limit.
     * A fetch still in progress when the limit runs out goes on, and its token is cached for the next
     * call. The default ignores the limit and calls {@link #get()}.
     *
     * @throws MailException classified, when no token can be had in time
     *                       ({@link FailureKind#CONNECTION_TIMEOUT} when the limit ran out)
     */
    default String get(Duration timeLimit) {
        return get();
    }

    /**
     * Drops the cached token, so that the next {@link #get()} fetches a new one. Never throws and
     * never blocks on the network.
     */
    void invalidate();
}
