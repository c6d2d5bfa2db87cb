package dev.mailover.ses;

import static dev.mailover.ses.SesReason.*;

import dev.mailover.internal.HintTable;
import dev.mailover.internal.ProviderAnswers;
import dev.mailover.internal.UnreadableAttachmentException;

/**
 * What to tell a person about an SES failure: the one {@link HintTable} of the SES transport, looked
 * up by {@link SesReason} and, for the rows that depend on it, whether a configuration set is
 * configured ({@link Setup}). The build refuses a reason without a general row. Templates name values
 * in braces, filled by {@link SesFailureClassifier}: {@code {region}}, {@code {from}},
 * {@code {configurationSet}}, {@code {limit}} (the call's time limit), {@code {code}} (the HTTP
 * status), {@code {maxRecipients}}, {@code {maxSize}} and {@code {networkHint}}, the hint of the
 * network rules shared with the other API transports ({@code NetworkFailures}), which this table
 * only adds to. The hints of answers that are not the provider's and of used-up quotas come from
 * {@link ProviderAnswers}, worded as for every API provider.
 */
final class SesHints {

    /** The provider, as hints name it. */
    static final String PROVIDER = "Amazon SES";

    /** A mailer's setup, for rows that depend on it (the table's mode). */
    enum Setup {
        /** The mailer sends with a configuration set. */
        CONFIGURATION_SET
    }

    private static final String MAY_HAVE_ARRIVED = " Amazon SES may have accepted the message: check its sending"
            + " activity before sending it again.";

    static final HintTable<SesReason> TABLE = HintTable.builder(SesReason.class)
            .row(DAILY_QUOTA, ProviderAnswers.quotaHint(PROVIDER, "Daily message quota exceeded: the account's 24-hour"
                    + " sending quota in {region} is used up; a higher one is requested in the SES console"))
            .row(THROTTLED, "Amazon SES is throttling this account: its maximum send rate in {region} was exceeded."
                    + " Send more slowly or request a higher sending quota in the SES console.")
            .row(LIMIT_EXCEEDED, "Amazon SES reports a limit of this account in {region} exceeded; wait and retry, or"
                    + " request a higher limit in the SES console.")
            .row(MAIL_FROM_NOT_VERIFIED, "The custom MAIL FROM domain of the sending identity ({from}) is not verified in"
                    + " {region}; publish its MX and SPF records, or turn the custom MAIL FROM domain off.")
            .row(SENDER_NOT_VERIFIED, "The from-address {from} (or its domain) is not a verified identity in {region};"
                    + " verify it in the SES console of that region or send from a verified one.")
            .row(SANDBOX_RECIPIENT, "The SES account is in the sandbox in {region}, where it may send only to verified"
                    + " addresses; verify the recipient or request production access. Another transport may deliver it.")
            .row(ACCOUNT_SUSPENDED, "Amazon SES has suspended sending for this account in {region}; check the reputation"
                    + " dashboard and AWS Support case in the SES console. Use another transport meanwhile.")
            .row(SENDING_PAUSED, HintTable.ANY_PORT, Setup.CONFIGURATION_SET, "Sending is paused for this account or for configuration"
                    + " set '{configurationSet}' in {region}; re-enable sending in the SES console (account dashboard or"
                    + " configuration set) once the cause is fixed.")
            .row(SENDING_PAUSED, "Sending is paused for this account in {region}; re-enable sending in the SES console"
                    + " (account dashboard) once the cause is fixed.")
            .row(RECIPIENT_BLOCKED, "Amazon SES refuses this recipient address (it is on a block list); remove it from"
                    + " the list.")
            .row(MESSAGE_REFUSED, "Amazon SES refused the message itself (content, size or a malformed address);"
                    + " change the message, another transport would likely refuse it too.")
            .row(BAD_REQUEST, "Amazon SES refused the request as invalid; the detail names the field. Another transport"
                    + " would likely refuse the same message.")
            .row(PAYLOAD_TOO_LARGE, "The message is too large for Amazon SES (at most {maxSize}); make it smaller.")
            .row(OTHER_CLIENT_ERROR, "Amazon SES refused the request; the detail holds its reason.")
            .row(NOT_FOUND, HintTable.ANY_PORT, Setup.CONFIGURATION_SET, "Check that configuration set '{configurationSet}' exists in"
                    + " {region}, or configure another one.")
            .row(NOT_FOUND, "A resource SES needs does not exist in {region}; check the region and the sending identity.")
            .row(WRONG_ENDPOINT, "The endpoint did not know the SES API path; check the endpoint URL and region.")
            .row(PERMISSION_DENIED, "The AWS credentials are valid but their IAM policy does not allow this SES action on"
                    + " this identity in {region}; grant ses:SendEmail and ses:SendRawEmail for sending and ses:GetAccount"
                    + " for check().")
            .row(CREDENTIALS_REFUSED, "AWS refused the credentials: check the access key id and secret access key (and"
                    + " session token), that the key is active in IAM, and that the machine's clock is correct.")
            .row(SERVER_ERROR, "Amazon SES in {region} reported a temporary problem; retry later or use another transport.")
            .row(NOT_THE_API, ProviderAnswers.notTheApiHint(PROVIDER))
            .row(UNCONFIRMED, ProviderAnswers.unconfirmedHint(PROVIDER, "HTTP {code}", "a MessageId"))
            .row(SENDING_DISABLED, "Sending is disabled for this SES account in {region}; see the account dashboard in"
                    + " the SES console, fix the cause and re-enable sending, or use another transport.")

            .row(NO_CREDENTIALS, "No AWS credentials were found: set them on the builder or DSN (ACCESS:SECRET), or"
                    + " provide them through the environment, the AWS profile, or an instance or task role.")
            .row(NO_REGION, "No AWS region is configured; set it, for example region(\"eu-west-1\").")
            .row(UNTRUSTED_CERTIFICATE, "The endpoint's TLS certificate is not trusted by this JVM (self-signed, a"
                    + " private CA, or a TLS-intercepting proxy). Add the CA to the JVM trust store, or pass a SesV2Client"
                    + " whose HTTP client trusts it; verification is never switched off.")
            .row(CALL_TIME_LIMIT, "Amazon SES did not answer within the time limit of {limit}." + MAY_HAVE_ARRIVED
                    + " Allow more time or retry.")
            .row(INTERRUPTED, "The sending thread was interrupted while it waited for Amazon SES." + MAY_HAVE_ARRIVED)

            .row(UNKNOWN_HOST, "{networkHint}")
            .row(REFUSED, "{networkHint}")
            .row(CONNECT_TIMEOUT, "{networkHint}")
            .row(TLS_HANDSHAKE, "{networkHint}")
            .row(TLS, "{networkHint}")
            .row(READ_TIMEOUT, "{networkHint}" + MAY_HAVE_ARRIVED)
            .row(CONNECTION_LOST, "{networkHint}" + MAY_HAVE_ARRIVED)
            .row(NOT_HTTP, "{networkHint}")

            .row(CLOSED, "Build a new SesMailer; a closed one cannot send.")
            .row(TIME_LIMIT_SPENT, "The send's time limit of {limit} ran out before this transport could call Amazon"
                    + " SES; allow more time for the whole send.")
            .row(TOO_MANY_RECIPIENTS, "Amazon SES accepts at most {maxRecipients} recipients per message (To, Cc and Bcc"
                    + " together); split them over several emails.")
            .row(TOO_LARGE, "Amazon SES accepts at most {maxSize} per message once encoded; send smaller attachments,"
                    + " or link to large files instead of attaching them.")
            .row(ATTACHMENT_UNREADABLE, UnreadableAttachmentException.HINT)
            .row(UNWRITABLE, "The email could not be written as a MIME message; the detail says why. Change the email"
                    + " (another transport would fail on it too), or report it if it looks valid.")
            .row(UNCLASSIFIED, "An unclassified Amazon SES failure; the detail holds the original error. Please report"
                    + " it so it can be classified.")
            .build();

    private SesHints() {
    }
}
