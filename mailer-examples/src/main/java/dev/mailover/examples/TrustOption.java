package dev.mailover.examples;

import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.smtp.HintVocabulary;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpProbe;
import dev.mailover.smtp.internal.SmtpMailerProvider;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --trust-cert FILE}, on every command, and the one way the tool builds what it sends and
 * checks through: every SMTP transport of the DSN (however deep in {@code failover(...)}) trusts the
 * file's certificates when it is given, and every hint names the tool's flags
 * ({@link HintVocabulary#COMMAND_LINE}) rather than builder methods.
 */
final class TrustOption {

    @Option(names = "--trust-cert", paramLabel = "FILE",
            description = "Trust exactly the certificates in this PEM file instead of the JVM's trust store, for "
                    + "SMTP (a private CA or a self-signed relay). The host name and the certificate's dates are "
                    + "still checked.")
    Path trustedCertificates;

    /** True when {@code --trust-cert} was given. */
    boolean given() {
        return trustedCertificates != null;
    }

    /**
     * The mailer the DSN describes, with the tool's settings added to its SMTP transports.
     *
     * @throws IllegalArgumentException for a malformed DSN, or a {@code --trust-cert} file that holds no certificate
     */
    Mailer mailer(String dsn) {
        if (trustedCertificates != null) {
            // Read the file now, so a bad one is an error even when the DSN has no SMTP transport.
            SmtpMailer.builder().hintVocabulary(HintVocabulary.COMMAND_LINE).trustedCertificates(trustedCertificates);
        }
        return customized(() -> Mailers.fromDsn(dsn));
    }

    /** Runs {@code build}, every SMTP mailer it makes from a DSN on this thread getting the tool's settings. */
    <T> T customized(Supplier<T> build) {
        return SmtpMailerProvider.customized(b -> {
            b.hintVocabulary(HintVocabulary.COMMAND_LINE);
            if (trustedCertificates != null) {
                b.trustedCertificates(trustedCertificates);
            }
        }, build);
    }

    /** The probe with the tool's settings: its hints name the tool's flags, and it trusts the file when given. */
    SmtpProbe.Builder applyTo(SmtpProbe.Builder probe) {
        probe.hintVocabulary(HintVocabulary.COMMAND_LINE);
        if (trustedCertificates != null) {
            probe.trustedCertificates(trustedCertificates);
        }
        return probe;
    }
}
