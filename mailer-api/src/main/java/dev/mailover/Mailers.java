package dev.mailover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Builds mailers from configuration strings (DSNs), for example
 * {@code smtp://user:pass@smtp.example.com:587},
 * {@code sendgrid+api://KEY@default} or
 * {@code failover(smtp://user:pass@smtp.example.com:587 sendgrid+api://KEY@default)}.
 *
 * <p>Transports are found on the classpath through {@link MailerProvider}. See {@link Dsn} for the
 * grammar.
 */
public final class Mailers {

    private Mailers() {
    }

    /**
     * Parses the DSN and builds the mailer it describes.
     *
     * @throws IllegalArgumentException when the DSN is malformed, or its scheme is not on the
     *                                  classpath (the message lists the schemes that are)
     */
    public static Mailer fromDsn(String dsn) {
        return fromDsn(Dsn.parse(dsn));
    }

    /** Builds the mailer a parsed DSN describes. */
    public static Mailer fromDsn(Dsn dsn) {
        Map<String, MailerProvider> providers = providers();
        MailerProvider provider = providers.get(dsn.scheme());
        if (provider == null) {
            throw new IllegalArgumentException("unknown DSN scheme '" + dsn.scheme() + "'; schemes on the classpath: "
                    + (providers.isEmpty() ? "none (add mailer-smtp, mailer-http or mailer-failover)"
                    : String.join(", ", providers.keySet())));
        }
        return provider.create(dsn);
    }

    /** The schemes that the providers on the classpath handle, sorted. */
    public static List<String> availableSchemes() {
        return new ArrayList<>(providers().keySet());
    }

    private static Map<String, MailerProvider> providers() {
        Map<String, MailerProvider> byScheme = new TreeMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Mailers.class.getClassLoader();
        }
        for (MailerProvider p : ServiceLoader.load(MailerProvider.class, loader)) {
            for (String scheme : p.schemes()) {
                byScheme.putIfAbsent(scheme, p);
            }
        }
        return byScheme;
    }
}
