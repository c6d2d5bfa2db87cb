package dev.mailover;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a transport's mail leaves, as the sender domain's DNS must allow it: which provider sends it,
 * the SPF {@code include:} that provider documents, the DKIM selectors it documents, or the SMTP
 * server it goes through. Transports describe themselves ({@link Source}), so the sender-domain
 * checks of mailer-doctor ({@code DomainProbe}) never guess a provider from a transport's name. One
 * row of knowledge per provider, kept with that provider's transport; a transport of your own can
 * describe itself the same way.
 *
 * @param provider      who sends, as a person names it: {@code SendGrid}, {@code Amazon SES}, or the SMTP host
 * @param spfInclude    the domain of the {@code include:} the provider documents for SPF, such as
 *                      {@code sendgrid.net}; empty when it documents none
 * @param dkimSelectors the DKIM selectors the provider documents, such as SendGrid's {@code s1} and
 *                      {@code s2}; empty when each account gets its own (SES's Easy DKIM tokens)
 * @param dkimSetup     where the user finds the provider's DKIM records, for a hint
 * @param smtpHost      the SMTP server the mail goes through, whose addresses SPF must authorise
 *                      when no provider include does; empty for an HTTP API
 */
public record SendingPath(String provider, String spfInclude, List<String> dkimSelectors, String dkimSetup,
                          Optional<String> smtpHost) {

    /** Checks for nulls and copies the list. */
    public SendingPath {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(spfInclude, "spfInclude");
        dkimSelectors = List.copyOf(dkimSelectors);
        Objects.requireNonNull(dkimSetup, "dkimSetup");
        Objects.requireNonNull(smtpHost, "smtpHost");
    }

    /** An HTTP API provider's path. */
    public static SendingPath api(String provider, String spfInclude, List<String> dkimSelectors, String dkimSetup) {
        return new SendingPath(provider, spfInclude, dkimSelectors, dkimSetup, Optional.empty());
    }

    /** The path through an SMTP server: SPF must authorise its addresses, DKIM is the sender's own. */
    public static SendingPath smtp(String host) {
        return new SendingPath(host, "", List.of(), "", Optional.of(host));
    }

    /** A transport that can say how its mail leaves. Implemented by Mailover's SMTP, HTTP API and SES transports. */
    public interface Source {
        /** This transport's sending path. */
        SendingPath sendingPath();
    }
}
