package dev.mailover.internal;

import dev.mailover.AccessTokenSupplier;
import dev.mailover.Dsn;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Creates OAuth2 token sources from a transport DSN's options ({@code tenant}, {@code client_id},
 * {@code client_secret}, {@code token_uri}, …), so that a transport such as SMTP can offer
 * {@code auth=xoauth2} without depending on the module that fetches tokens. The module
 * {@code mailer-oauth2} registers one in {@code META-INF/services/dev.mailover.internal.TokenSourceProvider}.
 * Not API: shared by Mailover's own modules and may change without notice.
 */
public interface TokenSourceProvider {

    /** The Maven module that provides it, for the error when it is missing. */
    String MODULE = "mailer-oauth2";

    /** The DSN options it reads. */
    Set<String> options();

    /**
     * A token source for this DSN's options.
     *
     * @throws IllegalArgumentException naming the option that is missing or wrong, never quoting a secret
     */
    AccessTokenSupplier create(Dsn dsn);

    /** The provider on the class path (the context class loader's, else this module's), if any. */
    static Optional<TokenSourceProvider> find() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = TokenSourceProvider.class.getClassLoader();
        }
        Optional<TokenSourceProvider> found = ServiceLoader.load(TokenSourceProvider.class, loader).findFirst();
        return found.isPresent() ? found
                : ServiceLoader.load(TokenSourceProvider.class, TokenSourceProvider.class.getClassLoader()).findFirst();
    }
}
