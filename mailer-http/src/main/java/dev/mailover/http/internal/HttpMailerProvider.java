package dev.mailover.http.internal;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.MailerProvider;
import dev.mailover.http.BrevoMailer;
import dev.mailover.http.HttpMailerBuilder;
import dev.mailover.http.MailgunMailer;
import dev.mailover.http.PostmarkMailer;
import dev.mailover.http.ResendMailer;
import dev.mailover.http.SendGridMailer;
import dev.mailover.internal.Loopback;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the HTTP API mailers from DSNs:
 * <ul>
 *   <li>{@code sendgrid+api://KEY@default?region=eu&sandbox=true}</li>
 *   <li>{@code mailgun+api://KEY:DOMAIN@default?region=eu&testmode=true}</li>
 *   <li>{@code postmark+api://TOKEN@default?stream=outbound}</li>
 *   <li>{@code resend+api://KEY@default}</li>
 *   <li>{@code brevo+api://KEY@default}</li>
 * </ul>
 * The host {@code default} means the provider's public endpoint; any other {@code host:port}
 * replaces the base URL, over https, or plain http for a loopback host (a local test server).
 * Options {@code name} (the transport's name, so that two transports of one provider can be told
 * apart; the provider's name by default), {@code connect_timeout}, {@code read_timeout} and
 * {@code timeout} (the whole call) apply to every scheme; unknown options are refused. Registered in
 * {@code META-INF/services/dev.mailover.MailerProvider} and {@code module-info.java}.
 */
public final class HttpMailerProvider implements MailerProvider {

    static final String SENDGRID = "sendgrid+api";
    static final String MAILGUN = "mailgun+api";
    static final String POSTMARK = "postmark+api";
    static final String RESEND = "resend+api";
    static final String BREVO = "brevo+api";

    private static final String[] SHARED = {"name", "connect_timeout", "read_timeout", "timeout"};

    /** Used by {@link java.util.ServiceLoader}. */
    public HttpMailerProvider() {
    }

    /** {@code sendgrid+api}, {@code mailgun+api}, {@code postmark+api}, {@code resend+api} and {@code brevo+api}. */
    @Override
    public Set<String> schemes() {
        return Set.of(SENDGRID, MAILGUN, POSTMARK, RESEND, BREVO);
    }

    /**
     * Builds the mailer the DSN describes.
     *
     * @throws IllegalArgumentException when the key (or Mailgun's domain) is missing, or an option
     *                                  is unknown or malformed, naming it
     */
    @Override
    public Mailer create(Dsn dsn) {
        switch (dsn.scheme()) {
            case SENDGRID:
                return sendGrid(dsn);
            case MAILGUN:
                return mailgun(dsn);
            case POSTMARK:
                return postmark(dsn);
            case RESEND:
                known(dsn);
                return shared(dsn, ResendMailer.builder().apiKey(key(dsn, "resend+api://KEY@default")),
                        ResendMailer.DEFAULT_BASE_URL).build();
            case BREVO:
                known(dsn);
                return shared(dsn, BrevoMailer.builder().apiKey(key(dsn, "brevo+api://KEY@default")),
                        BrevoMailer.DEFAULT_BASE_URL).build();
            default:
                throw new IllegalArgumentException("DSN " + dsn.scheme() + ": not an HTTP API scheme; known: " + schemes());
        }
    }

    private static Mailer sendGrid(Dsn dsn) {
        known(dsn, "region", "sandbox");
        SendGridMailer.Builder b = SendGridMailer.builder().apiKey(key(dsn, "sendgrid+api://KEY@default"));
        String region = dsn.option("region").map(r -> r.toLowerCase(Locale.ROOT)).orElse("global");
        if (!region.equals("global") && !region.equals("eu")) {
            throw new IllegalArgumentException("DSN sendgrid+api: region '" + region + "' is not global or eu");
        }
        dsn.booleanOption("sandbox").ifPresent(b::sandbox);
        return shared(dsn, b, region.equals("eu") ? SendGridMailer.EU_BASE_URL : SendGridMailer.DEFAULT_BASE_URL).build();
    }

    private static Mailer mailgun(Dsn dsn) {
        known(dsn, "region", "testmode");
        String example = "mailgun+api://KEY:DOMAIN@default";
        MailgunMailer.Builder b = MailgunMailer.builder()
                .apiKey(key(dsn, example))
                .domain(required(dsn.password(), dsn, "the domain", example));
        String region = dsn.option("region").map(r -> r.toUpperCase(Locale.ROOT)).orElse("US");
        MailgunMailer.Region r;
        try {
            r = MailgunMailer.Region.valueOf(region);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DSN mailgun+api: region '" + region.toLowerCase(Locale.ROOT) + "' is not us or eu");
        }
        dsn.booleanOption("testmode").ifPresent(b::testMode);
        return shared(dsn, b.region(r), r.baseUrl()).build();
    }

    private static Mailer postmark(Dsn dsn) {
        known(dsn, "stream");
        PostmarkMailer.Builder b = PostmarkMailer.builder()
                .serverToken(required(dsn.user(), dsn, "the server token", "postmark+api://TOKEN@default"));
        dsn.option("stream").ifPresent(b::messageStream);
        return shared(dsn, b, PostmarkMailer.DEFAULT_BASE_URL).build();
    }

    /** The options every HTTP scheme takes: the endpoint, the name and the timeouts. */
    private static <B extends HttpMailerBuilder<B>> B shared(Dsn dsn, B builder, String publicEndpoint) {
        builder.baseUrl(baseUrl(dsn, publicEndpoint));
        dsn.option("name").ifPresent(builder::name);
        dsn.durationOption("connect_timeout").ifPresent(builder::connectTimeout);
        dsn.durationOption("read_timeout").ifPresent(builder::readTimeout);
        dsn.durationOption("timeout").ifPresent(builder::timeout);
        return builder;
    }

    private static void known(Dsn dsn, String... own) {
        String[] all = new String[own.length + SHARED.length];
        System.arraycopy(own, 0, all, 0, own.length);
        System.arraycopy(SHARED, 0, all, own.length, SHARED.length);
        dsn.requireKnownOptions(all);
    }

    private static String key(Dsn dsn, String example) {
        return required(dsn.user(), dsn, "the API key", example);
    }

    private static String required(Optional<String> value, Dsn dsn, String what, String example) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "DSN " + dsn.scheme() + ": " + what + " is missing; write it as " + example));
    }

    /** The provider's endpoint for host {@code default}, else https (or http on loopback) to host:port. */
    static String baseUrl(Dsn dsn, String publicEndpoint) {
        if (dsn.isDefaultHost()) {
            if (dsn.port().isPresent()) {
                throw new IllegalArgumentException("DSN " + dsn.scheme() + ": host 'default' takes no port");
            }
            return publicEndpoint;
        }
        String host = dsn.host().indexOf(':') >= 0 ? "[" + dsn.host() + "]" : dsn.host();
        String scheme = Loopback.isLoopback(host) ? "http" : "https";
        String path = dsn.path().isEmpty() ? "" : "/" + dsn.path();
        return scheme + "://" + host + (dsn.port().isPresent() ? ":" + dsn.port().getAsInt() : "") + path;
    }
}
