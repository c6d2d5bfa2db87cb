package dev.mailover.ses;

import dev.mailover.Address;
import dev.mailover.Email;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Builds the {@code SendEmail} request for one email: the envelope (sender and To, Cc and Bcc
 * recipients as bare addresses; display names and Reply-To travel in the raw message's headers), the
 * configuration set, the message tags, the content and the per-call timeout.
 */
final class SesSendEmailRequest {

    private SesSendEmailRequest() {
    }

    /**
     * @param email            the email
     * @param content          its content: the raw MIME message
     * @param configurationSet the configuration set, or an empty string for none
     * @param callTimeout      the SDK's call timeout for this request
     */
    static SendEmailRequest of(Email email, EmailContent content, String configurationSet, Duration callTimeout) {
        SendEmailRequest.Builder b = SendEmailRequest.builder()
                .fromEmailAddress(email.from().email())
                .destination(Destination.builder()
                        .toAddresses(envelope(email.to()))
                        .ccAddresses(envelope(email.cc()))
                        .bccAddresses(envelope(email.bcc()))
                        .build())
                .content(content)
                .emailTags(SesMessageTags.of(email))
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(callTimeout));
        if (!configurationSet.isEmpty()) {
            b.configurationSetName(configurationSet);
        }
        return b.build();
    }

    /** Bare addresses: display names travel in the message headers, RFC 2047-encoded where needed. */
    private static List<String> envelope(List<Address> addresses) {
        return addresses.stream().map(Address::email).collect(Collectors.toList());
    }
}
