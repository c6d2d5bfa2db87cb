package dev.mailover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
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

    /**
     * Which Mailover module provides each DSN scheme, so an unknown scheme's error can say what to
     * add. One row per module.
     */
    private static final Map<String, List<String>> MODULES = Map.of(
            "mailer-smtp", List.of("smtp", "smtps"),
            "mailer-http", List.of("sendgrid+api", "mailgun+api", "postmark+api", "resend+api", "brevo+api"),
            "mailer-ses", List.of("ses+api"),
            "mailer-failover", List.of("failover", "roundrobin"));

    private Mailers() {
    }

    /**
     * Parses the DSN and builds the mailer it describes.
     *
     * @throws IllegalArgumentException when the DSN is malformed, or its scheme is not on the
     *                                  classpath (the message lists the schemes that are, and names the
     *                                  module that provides the missing one)
     */
    public static Mailer fromDsn(String dsn) {
        return fromDsn(Dsn.parse(dsn));
    }

    /**
     * Builds the mailer a parsed DSN describes.
     *
     * @throws IllegalArgumentException when its scheme is not on the class path: the message lists the
     *                                  schemes that are and names the module that provides the missing one
     */
    public static Mailer fromDsn(Dsn dsn) {
        Map<String, MailerProvider> providers = providers();
        MailerProvider provider = providers.get(dsn.scheme());
        if (provider == null) {
            throw new IllegalArgumentException(unknownScheme(dsn.scheme(), providers.keySet()));
        }
        return provider.create(dsn);
    }

    /**
     * For example "unknown DSN scheme 'failover'; schemes on the classpath: smtp, smtps. The scheme
     * 'failover' comes with the module mailer-failover: add the dependency dev.mailover:mailer-failover."
     */
    static String unknownScheme(String scheme, Set<String> available) {
        StringBuilder m = new StringBuilder("unknown DSN scheme '").append(scheme).append("'; schemes on the classpath: ")
                .append(available.isEmpty() ? "none" : String.join(", ", available));
        String module = moduleOf(scheme);
        if (module != null) {
            m.append(". The scheme '").append(scheme).append("' comes with the module ").append(module)
                    .append(": add the dependency dev.mailover:").append(module).append('.');
        } else if (moduleOf(scheme + "+api") != null) {
            m.append(". Did you mean '").append(scheme).append("+api'? It comes with the module ")
                    .append(moduleOf(scheme + "+api")).append('.');
        } else if (available.isEmpty()) {
            m.append(" (add mailer-smtp, mailer-http or mailer-failover)");
        }
        return m.toString();
    }

    private static String moduleOf(String scheme) {
        return MODULES.entrySet().stream().filter(e -> e.getValue().contains(scheme)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
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
