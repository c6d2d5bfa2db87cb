package dev.mailover.smtp.internal;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.MailerProvider;
import dev.mailover.internal.TokenSourceProvider;
import dev.mailover.mime.internal.DkimDsnOptions;
import dev.mailover.smtp.HintVocabulary;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Creates {@link SmtpMailer}s from DSNs:
 * {@code smtp://user:pass@host:587} (STARTTLS), {@code smtps://user:pass@host:465} (implicit TLS),
 * {@code smtp://host:25?security=none}.
 *
 * <p>Options: {@code security} ({@code starttls}, {@code smtps}, {@code none}; smtp scheme only),
 * {@code connect_timeout}, {@code read_timeout}, {@code pool_size}, {@code max_messages_per_connection},
 * {@code allow_plaintext_auth}, {@code local_host}, {@code trusted_certificates} (a PEM file of
 * certificates to trust instead of the JVM's trust store: a private CA or a self-signed server),
 * {@code name} (the transport's name, to tell two SMTP transports apart), {@code auth=xoauth2}
 * (XOAUTH2 with tokens from the options {@code tenant}, {@code client_id}, {@code client_secret},
 * {@code token_uri}, {@code scope} and {@code refresh_token}; needs the module {@code mailer-oauth2},
 * found through {@link TokenSourceProvider}), and {@code dkim_domain}, {@code dkim_selector} and
 * {@code dkim_key} (a PKCS#8 PEM file) to sign with DKIM. Unknown options are
 * refused. The mailers' hints name DSN options ({@link HintVocabulary#DSN}). Registered through
 * {@code META-INF/services/dev.mailover.MailerProvider}. Internal: not API, use
 * {@link dev.mailover.Mailers#fromDsn(String)}.
 */
public final class SmtpMailerProvider implements MailerProvider {

    private static final String[] OPTIONS = {"security", "connect_timeout", "read_timeout", "pool_size",
        "max_messages_per_connection", "allow_plaintext_auth", "local_host", "trusted_certificates", "name",
        "dkim_domain", "dkim_selector", "dkim_key"};

    /** Settings a tool adds to every SMTP mailer it builds from a user's DSN on this thread; see {@link #customized}. */
    private static final ThreadLocal<Consumer<SmtpMailer.Builder>> CUSTOMIZER = new ThreadLocal<>();

    /** Used by {@link java.util.ServiceLoader}. */
    public SmtpMailerProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("smtp", "smtps");
    }

    @Override
    public Mailer create(Dsn dsn) {
        TokenSourceProvider tokens = xoauth2(dsn);
        List<String> known = new ArrayList<>(List.of(OPTIONS));
        known.add("auth");
        if (tokens != null) {
            known.addAll(new TreeSet<>(tokens.options()));
        }
        dsn.requireKnownOptions(known.toArray(String[]::new));
        if (dsn.isDefaultHost()) {
            throw new IllegalArgumentException("DSN " + dsn.scheme() + ": give the SMTP server's host name; "
                    + "'default' has no meaning for SMTP");
        }
        SmtpMailer.Builder b = SmtpMailer.builder().hintVocabulary(HintVocabulary.DSN).host(dsn.host()).security(security(dsn));
        dsn.port().ifPresent(b::port);
        if (dsn.user().isEmpty() && dsn.password().isPresent()) {
            // Silently sending without AUTH would hide the mistake until the server refuses the mail.
            throw new IllegalArgumentException("DSN " + dsn.scheme() + ": a password without a user; "
                    + "write user:password@host");
        }
        if (tokens != null) {
            String user = dsn.user().orElseThrow(() -> new IllegalArgumentException("DSN " + dsn.scheme()
                    + ": auth=xoauth2 needs the mailbox as the user: smtp://USER@host (an @ in it as %40)"));
            if (dsn.password().isPresent()) {
                throw new IllegalArgumentException("DSN " + dsn.scheme() + ": auth=xoauth2 takes no password in the"
                        + " user info; the client secret goes in client_secret=…");
            }
            b.oauth2(user, tokens.create(dsn));
        } else if (dsn.user().isPresent()) {
            String password = dsn.password().orElseThrow(() -> new IllegalArgumentException(
                    "DSN " + dsn.scheme() + ": a user without a password; write user:password@host"));
            b.credentials(dsn.user().get(), password);
        }
        dsn.durationOption("connect_timeout").ifPresent(b::connectTimeout);
        dsn.durationOption("read_timeout").ifPresent(b::readTimeout);
        dsn.intOption("pool_size").ifPresent(b::poolSize);
        dsn.intOption("max_messages_per_connection").ifPresent(b::maxMessagesPerConnection);
        dsn.booleanOption("allow_plaintext_auth").ifPresent(b::allowPlaintextAuth);
        dsn.option("local_host").ifPresent(b::localHost);
        dsn.option("trusted_certificates").ifPresent(path -> b.trustedCertificates(pem(path)));
        dsn.option("name").ifPresent(name -> {
            try {
                b.name(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DSN option " + e.getMessage(), e);
            }
        });
        DkimDsnOptions.signer(dsn).ifPresent(b::dkim);
        Consumer<SmtpMailer.Builder> customizer = CUSTOMIZER.get();
        if (customizer != null) {
            customizer.accept(b);
        }
        return b.build();
    }

    /**
     * Builds mailers from a user's DSN with settings of the calling tool added to every SMTP
     * transport in it, however deeply nested in {@code failover(...)}: the {@code mailover} command
     * line uses it for {@code --trust-cert} and for hints that name its flags. Applies to the mailers
     * created on this thread while {@code build} runs, after the DSN's own options.
     */
    public static <T> T customized(Consumer<SmtpMailer.Builder> customizer, Supplier<T> build) {
        Consumer<SmtpMailer.Builder> previous = CUSTOMIZER.get();
        CUSTOMIZER.set(Objects.requireNonNull(customizer, "customizer"));
        try {
            return build.get();
        } finally {
            if (previous == null) {
                CUSTOMIZER.remove();
            } else {
                CUSTOMIZER.set(previous);
            }
        }
    }

    /** The token sources of {@code auth=xoauth2}, or null for password authentication (the default). */
    private static TokenSourceProvider xoauth2(Dsn dsn) {
        String auth = dsn.option("auth").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("password");
        if (auth.equals("password")) {
            return null;
        }
        if (!auth.equals("xoauth2")) {
            throw new IllegalArgumentException("DSN option auth: '" + auth + "' is not one of password, xoauth2");
        }
        return TokenSourceProvider.find().orElseThrow(() -> new IllegalArgumentException("DSN " + dsn.scheme()
                + ": auth=xoauth2 needs the module " + TokenSourceProvider.MODULE + " on the class path: add the"
                + " dependency dev.mailover:" + TokenSourceProvider.MODULE));
    }

    private static Path pem(String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("DSN option trusted_certificates: '" + path + "' is not a file path", e);
        }
    }

    private static SmtpSecurity security(Dsn dsn) {
        String value = dsn.option("security").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse(null);
        if ("smtps".equals(dsn.scheme())) {
            if (value != null && !value.equals("smtps") && !value.equals("ssl") && !value.equals("tls")) {
                throw new IllegalArgumentException("DSN smtps: security=" + value
                        + " contradicts the smtps scheme (implicit TLS); use smtp:// for STARTTLS or none");
            }
            return SmtpSecurity.SMTPS;
        }
        if (value == null) {
            return SmtpSecurity.STARTTLS;
        }
        switch (value) {
            case "starttls": return SmtpSecurity.STARTTLS;
            case "smtps": case "ssl": case "tls": return SmtpSecurity.SMTPS;
            case "none": case "plain": return SmtpSecurity.NONE;
            default:
                throw new IllegalArgumentException("DSN option security: '" + value
                        + "' is not one of starttls, smtps, none");
        }
    }
}
