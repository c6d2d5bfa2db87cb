package dev.mailover.ses;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.internal.NetworkFailures;
import dev.mailover.internal.ProviderAnswers;
import dev.mailover.internal.Secrets;
import java.security.cert.CertPathBuilderException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * Maps what the AWS SDK throws for an SES call onto a {@link FailureKind}, with a hint that says
 * what to do.
 *
 * <p>SES's own refusals arrive as {@code SesV2Exception} subclasses with an HTTP status and an AWS
 * error code. Network failures and timeouts arrive as {@code SdkClientException}s whose cause chain
 * holds the {@code IOException} that tells what happened (refused, timed out, DNS, TLS, reset), so
 * those rules walk the chain. The rules are tried in order; the first that matches decides.
 *
 * <p>When SES never answered, the SDK-specific rules (no credentials, no region, the SDK's call
 * timeout) come first, then the cause-chain rules shared with the other API transports in
 * {@link NetworkFailures}; this class adds only whether the message may have arrived.
 */
final class SesFailureClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(SesFailureClassifier.class);
    private static final String PROVIDER = "Amazon SES";

    /** Error codes of the AWS request-signing and credential checks (HTTP 400/403). */
    private static final String[] CREDENTIAL_CODES = {
        "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidSignatureException",
        "IncompleteSignature", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
        "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "AuthFailure", "NotAuthorized"
    };

    /** One readable decision: when it matches, the failure has this kind and hint. */
    record Rule(String name, Predicate<SesFailure> matches, FailureKind kind, Function<SesFailure, String> hint,
                boolean possiblyDelivered) {

        /** Only an untrusted certificate among SES's own rules fails the connection itself (the TLS handshake). */
        boolean connectionFailed() {
            return kind == FailureKind.TLS_FAILURE;
        }
    }

    /** The decisions, in order: SES's answers first, then what went wrong on the way there. */
    static final List<Rule> RULES = List.of(
            // --- SES answered ---
            // "Daily message quota exceeded" comes as a throttling error (TooManyRequestsException, Throttling), but
            // also under other codes: it is the quota whatever the code, and wins over the send-rate hint
            new Rule("daily quota", f -> f.answered() && f.says("quota exceeded"), FailureKind.RATE_LIMITED,
                    f -> ProviderAnswers.quotaHint(PROVIDER, "Daily message quota exceeded: the account's 24-hour sending quota"
                            + " in " + f.region() + " is used up; a higher one is requested in the SES console"),
                    false),
            new Rule("throttled", f -> f.codeIs("TooManyRequestsException", "ThrottlingException", "Throttling")
                            || f.status() == 429, FailureKind.RATE_LIMITED,
                    f -> "Amazon SES is throttling this account: its maximum send rate in " + f.region()
                            + " was exceeded. Send more slowly or request a higher sending quota in the SES console.",
                    false),
            new Rule("limit exceeded", f -> f.codeIs("LimitExceededException"), FailureKind.RATE_LIMITED,
                    f -> "Amazon SES reports a limit of this account in " + f.region() + " exceeded; wait and retry,"
                            + " or request a higher limit in the SES console.",
                    false),
            new Rule("MAIL FROM domain not verified", f -> f.codeIs("MailFromDomainNotVerifiedException"),
                    FailureKind.SENDER_REJECTED,
                    f -> "The custom MAIL FROM domain of the sending identity" + sender(f) + " is not verified in "
                            + f.region() + "; publish its MX and SPF records, or turn the custom MAIL FROM domain off.",
                    false),
            new Rule("identity not verified", f -> f.codeIs("MessageRejected", "MessageRejectedException")
                            && f.says("not verified") && !f.from().isEmpty() && f.says(f.from()),
                    FailureKind.SENDER_REJECTED,
                    f -> "The from-address " + f.from() + " (or its domain) is not a verified identity in "
                            + f.region() + "; verify it in the SES console of that region or send from a verified one.",
                    false),
            new Rule("sandbox recipient not verified", f -> f.codeIs("MessageRejected", "MessageRejectedException")
                            && f.says("not verified"),
                    FailureKind.SENDER_REJECTED,
                    f -> "The SES account is in the sandbox in " + f.region() + ", where it may send only to verified"
                            + " addresses; verify the recipient or request production access. Another transport may deliver it.",
                    false),
            new Rule("recipient on a block list", f -> f.codeIs("MessageRejected", "MessageRejectedException")
                            && f.says("address blacklisted"),
                    FailureKind.RECIPIENT_REJECTED,
                    f -> "Amazon SES refuses this recipient address (it is on a block list); remove it from the list.",
                    false),
            new Rule("message rejected", f -> f.codeIs("MessageRejected", "MessageRejectedException"),
                    FailureKind.MESSAGE_REJECTED,
                    f -> "Amazon SES refused the message itself (content, size or a malformed address);"
                            + " change the message, another transport would likely refuse it too.",
                    false),
            new Rule("account suspended", f -> f.codeIs("AccountSuspendedException"), FailureKind.SENDER_REJECTED,
                    f -> "Amazon SES has suspended sending for this account in " + f.region() + "; check the reputation"
                            + " dashboard and AWS Support case in the SES console. Use another transport meanwhile.",
                    false),
            new Rule("sending paused", f -> f.codeIs("SendingPausedException"), FailureKind.SENDER_REJECTED,
                    f -> "Sending is paused for this account" + (f.configurationSet().isEmpty() ? ""
                            : " or for configuration set '" + f.configurationSet() + "'") + " in " + f.region()
                            + "; re-enable sending in the SES console (account dashboard or configuration set) once the cause is fixed.",
                    false),
            new Rule("not found", f -> f.codeIs("NotFoundException"), FailureKind.INVALID_CONFIGURATION,
                    f -> f.configurationSet().isEmpty()
                            ? "A resource SES needs does not exist in " + f.region() + "; check the region and the sending identity."
                            : "Check that configuration set '" + f.configurationSet() + "' exists in " + f.region()
                                    + ", or configure another one.",
                    false),
            new Rule("bad request", f -> f.codeIs("BadRequestException"), FailureKind.MESSAGE_REJECTED,
                    f -> "Amazon SES refused the request as invalid; the detail names the field."
                            + " Another transport would likely refuse the same message.",
                    false),
            new Rule("permission denied", f -> f.codeIs("AccessDeniedException", "AccessDenied"),
                    FailureKind.AUTHENTICATION_FAILED,
                    f -> "The AWS credentials are valid but their IAM policy does not allow this SES action on this"
                            + " identity in " + f.region() + "; grant ses:SendEmail and ses:SendRawEmail for sending"
                            + " and ses:GetAccount for check().",
                    false),
            new Rule("credentials refused", f -> f.codeIs(CREDENTIAL_CODES) || f.status() == 401 || f.status() == 403,
                    FailureKind.AUTHENTICATION_FAILED,
                    f -> "AWS refused the credentials: check the access key id and secret access key (and session"
                            + " token), that the key is active in IAM, and that the machine's clock is correct.",
                    false),
            new Rule("server error", f -> f.status() >= 500, FailureKind.SERVICE_UNAVAILABLE,
                    f -> "Amazon SES in " + f.region() + " reported a temporary problem; retry later or use another transport.",
                    false),
            new Rule("payload too large", f -> f.status() == 413, FailureKind.MESSAGE_REJECTED,
                    f -> "The message is too large for Amazon SES (at most 40 MB); make it smaller.", false),
            new Rule("wrong endpoint", f -> f.status() == 404 || f.status() == 405, FailureKind.INVALID_CONFIGURATION,
                    f -> "The endpoint did not know the SES API path; check the endpoint URL and region.", false),
            new Rule("other client error", f -> f.status() >= 400 && f.status() < 500, FailureKind.MESSAGE_REJECTED,
                    f -> "Amazon SES refused the request; the detail holds its reason.", false),

            // --- SES never answered: walk the cause chain ---
            new Rule("no credentials", f -> !f.answered() && f.chainSays("Unable to load credentials"),
                    FailureKind.INVALID_CONFIGURATION,
                    f -> "No AWS credentials were found: set them on the builder or DSN (ACCESS:SECRET), or provide"
                            + " them through the environment, the AWS profile, or an instance or task role.",
                    false),
            new Rule("no region", f -> !f.answered() && f.chainSays("Unable to load region"),
                    FailureKind.INVALID_CONFIGURATION,
                    f -> "No AWS region is configured; set it, for example region(\"eu-west-1\").", false),
            new Rule("untrusted certificate", f -> !f.answered() && f.cause(CertPathBuilderException.class).isPresent(),
                    FailureKind.TLS_FAILURE,
                    f -> "The endpoint's TLS certificate is not trusted by this JVM (self-signed, a private CA, or a"
                            + " TLS-intercepting proxy). Add the CA to the JVM trust store, or pass a SesV2Client whose"
                            + " HTTP client trusts it; verification is never switched off.",
                    false),
            new Rule("not the SES API", f -> !f.answered() && f.chainSays("Unable to unmarshall response"),
                    FailureKind.SERVICE_UNAVAILABLE, f -> ProviderAnswers.notTheApiHint(PROVIDER), false),
            new Rule("call time limit", f -> f.cause(ApiCallTimeoutException.class).isPresent()
                            || f.cause(ApiCallAttemptTimeoutException.class).isPresent(),
                    FailureKind.CONNECTION_TIMEOUT,
                    f -> "Amazon SES did not answer within the time limit of " + f.timeLimit().toMillis()
                            + " ms; the message may have been accepted, so check before resending. Allow more time or retry.",
                    true));

    private final String transport;
    private final String region;
    private final String configurationSet;
    private final List<String> secrets;
    private final Secrets masker;

    /**
     * @param transport        the mailer's name, for the exceptions
     * @param region           the region, for hints
     * @param configurationSet the configuration set or an empty string, for hints
     * @param secrets          credentials to mask in every message
     */
    SesFailureClassifier(String transport, String region, String configurationSet, List<String> secrets) {
        this.transport = transport;
        this.region = region;
        this.configurationSet = configurationSet;
        this.secrets = List.copyOf(secrets);
        this.masker = Secrets.of(secrets);
    }

    /** The text with every form of the credentials masked, for what SES said in a result or a log line. */
    String mask(String text) {
        return masker.mask(text);
    }

    /**
     * Classifies a failed SES call.
     *
     * @param error     what the SDK threw
     * @param from      the sender's address, or an empty string outside a send
     * @param timeLimit the time limit the call ran under
     */
    MailException classify(Throwable error, String from, java.time.Duration timeLimit) {
        SesFailure f = SesFailure.of(error, region, configurationSet, from, timeLimit);
        for (Rule rule : RULES) {
            if (rule.matches().test(f)) {
                return build(f, rule.kind(), rule.hint().apply(f), rule.possiblyDelivered())
                        .connectionFailed(rule.connectionFailed()).build();
            }
        }
        if (!f.answered()) {
            Optional<NetworkFailures.Failure> network = NetworkFailures.jdk().classify(error);
            if (network.isPresent()) {
                NetworkFailures.Failure n = network.get();
                boolean mayHaveArrived = !n.connectionFailed()
                        && (n.kind() == FailureKind.CONNECTION_LOST || n.kind() == FailureKind.CONNECTION_TIMEOUT);
                return build(f, n.kind(), n.hint(), mayHaveArrived).connectionFailed(n.connectionFailed()).build();
            }
        }
        LOG.warn("Unclassified Amazon SES failure, please report it so it can be classified: status={} code={} chain={}",
                f.status(), f.errorCode(), f.classChain());
        return build(f, FailureKind.UNKNOWN, null, false).build();
    }

    /**
     * The failure for a successful SendEmail answer without a MessageId: possibly delivered when the
     * answer came from AWS (it carries a request id), otherwise something else answered (see
     * {@link ProviderAnswers#notTheApi}).
     */
    MailException withoutMessageId(SendEmailResponse response) {
        Optional<String> requestId = response.sdkHttpResponse() == null ? Optional.empty()
                : response.sdkHttpResponse().firstMatchingHeader("x-amzn-RequestId");
        int status = response.sdkHttpResponse() == null ? 200 : response.sdkHttpResponse().statusCode();
        MailException.Builder b = requestId.isPresent()
                ? MailException.builder(FailureKind.SERVICE_UNAVAILABLE, transport).possiblyDelivered(true)
                        .detail("HTTP " + status + " without a MessageId (request id " + requestId.get() + ")")
                        .hint(ProviderAnswers.unconfirmedHint(PROVIDER, "HTTP " + status, "a MessageId"))
                : ProviderAnswers.notTheApi(transport, PROVIDER, "HTTP " + status + " without a MessageId or an AWS request id,"
                        + " not " + PROVIDER + "'s answer");
        return withSecrets(b.code(status)).build();
    }

    /** A failure found before any network call, for example a message over a limit; the cause may be null. */
    MailException refuse(FailureKind kind, String detail, String hint, Throwable cause) {
        return withSecrets(MailException.builder(kind, transport).detail(detail).hint(hint).cause(cause)).build();
    }

    private MailException.Builder build(SesFailure f, FailureKind kind, String hint, boolean possiblyDelivered) {
        MailException.Builder b = MailException.builder(kind, transport)
                .detail(f.detail())
                .code(f.status())
                .possiblyDelivered(possiblyDelivered)
                .hint(hint)
                .cause(f.error());
        if (kind.retryable()) {
            // as for the other HTTP transports: a 503 may ask for a pause as well as a 429
            f.retryAfter().ifPresent(b::retryAfter);
        }
        return withSecrets(b);
    }

    private MailException.Builder withSecrets(MailException.Builder b) {
        secrets.forEach(b::secret);
        return b;
    }

    private static String sender(SesFailure f) {
        return f.from().isEmpty() ? "" : " (" + f.from() + ")";
    }
}
