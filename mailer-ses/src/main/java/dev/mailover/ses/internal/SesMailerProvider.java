package dev.mailover.ses.internal;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.MailerProvider;
import dev.mailover.internal.Loopback;
import dev.mailover.mime.internal.DkimDsnOptions;
import dev.mailover.ses.SesMailer;
import java.net.URI;
import java.util.Set;

/**
 * Creates {@link SesMailer}s for the {@code ses+api} DSN scheme:
 * {@code ses+api://ACCESS_KEY_ID:SECRET_ACCESS_KEY@default?region=eu-west-1}.
 *
 * <p>Host {@code default} means the region's public SES endpoint; any other {@code host[:port]}
 * replaces it (https, or plain http for a loopback host only). Without user info the AWS default
 * credential chain is used. Options: {@code region} (required), {@code configuration_set},
 * {@code connect_timeout}, {@code read_timeout}, {@code timeout} (the whole call, as for the other
 * HTTP schemes), and {@code dkim_domain}, {@code dkim_selector} and {@code dkim_key} (a PKCS#8 PEM
 * file) to sign with DKIM; any other option is refused. Found through
 * {@link java.util.ServiceLoader}; applications use {@code Mailers.fromDsn(...)}, not this class.
 */
public final class SesMailerProvider implements MailerProvider {

    /** The scheme this provider handles. */
    static final String SCHEME = "ses+api";

    /** Called by {@link java.util.ServiceLoader}. */
    public SesMailerProvider() {
    }

    /** {@code ses+api}. */
    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    /**
     * Builds the mailer the DSN describes.
     *
     * @throws IllegalArgumentException when the region is missing, the credentials are incomplete,
     *                                  or an option is unknown or malformed
     */
    @Override
    public Mailer create(Dsn dsn) {
        dsn.requireKnownOptions("region", "configuration_set", "name", "connect_timeout", "read_timeout", "timeout",
                "dkim_domain", "dkim_selector", "dkim_key");
        SesMailer.Builder b = SesMailer.builder().region(dsn.option("region").orElseThrow(() ->
                new IllegalArgumentException("DSN " + SCHEME + ": option 'region' is required, for example ?region=eu-west-1")));
        if (dsn.user().isPresent()) {
            String secret = dsn.password().orElseThrow(() -> new IllegalArgumentException("DSN " + SCHEME
                    + ": give both the access key id and the secret access key as ACCESS:SECRET@, or neither"));
            b.credentials(dsn.user().get(), secret);
        } else if (dsn.password().isPresent()) {
            throw new IllegalArgumentException("DSN " + SCHEME + ": the access key id is missing before ':SECRET@'");
        }
        if (!dsn.path().isEmpty()) {
            throw new IllegalArgumentException("DSN " + SCHEME + ": a path ('/" + dsn.path() + "') is not allowed");
        }
        if (!dsn.isDefaultHost()) {
            String host = dsn.host().indexOf(':') >= 0 ? "[" + dsn.host() + "]" : dsn.host();
            String scheme = Loopback.isLoopback(host) ? "http" : "https";
            b.endpoint(URI.create(scheme + "://" + host + (dsn.port().isPresent() ? ":" + dsn.port().getAsInt() : "")));
        } else if (dsn.port().isPresent()) {
            throw new IllegalArgumentException("DSN " + SCHEME + ": host 'default' takes no port");
        }
        dsn.option("configuration_set").ifPresent(b::configurationSet);
        dsn.option("name").ifPresent(b::name);
        dsn.durationOption("connect_timeout").ifPresent(b::connectTimeout);
        dsn.durationOption("read_timeout").ifPresent(b::readTimeout);
        dsn.durationOption("timeout").ifPresent(b::timeout);
        DkimDsnOptions.signer(dsn).ifPresent(b::dkim);
        return b.build();
    }
}
