package dev.mailover.ses;

import static dev.mailover.ses.SesReason.*;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.internal.Causes;
import dev.mailover.internal.Classification;
import dev.mailover.internal.Durations;
import dev.mailover.internal.HintTable;
import dev.mailover.internal.NetworkFailures;
import dev.mailover.internal.Rule;
import dev.mailover.internal.Secrets;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * Decides what a failed SES call is: its {@link SesReason} (which fixes the {@link FailureKind},
 * whether the message may have been delivered and whether the connection itself failed), what SES
 * said, the HTTP status, the retry-after it asked for, and the hint for it from {@link SesHints}. The
 * result is a {@link Classification}, which becomes the mailer's {@link MailException} with the
 * credentials masked.
 *
 * <p>SES's own refusals arrive as {@code SesV2Exception}s with an HTTP status and an AWS error code.
 * When SES never answered, the SDK's own failures (no credentials, no region, its call timeout) come
 * first, then what the network rules shared with the other API transports ({@link NetworkFailures})
 * found in the cause chain. The decision is one ordered list of {@link Rule rules}; the first that
 * matches wins. An unmatched failure is {@link SesReason#UNCLASSIFIED} and its exception classes are
 * logged, because each one is a gap to close. Immutable and thread-safe.
 */
final class SesFailureClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(SesFailureClassifier.class);

    /** Error codes of the AWS request-signing and credential checks (HTTP 400/403). */
    private static final String[] CREDENTIAL_CODES = {
        "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidSignatureException",
        "IncompleteSignature", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
        "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "AuthFailure", "NotAuthorized"
    };

    private static final Predicate<SesObservation> MESSAGE_REJECTED = o -> o.codeIs("MessageRejected",
            "MessageRejectedException");

    /** The decisions, in order: SES's answers first, then what went wrong on the way there. */
    static final List<Rule<SesObservation, SesReason>> RULES = List.of(
            // --- SES answered ---
            // "Daily message quota exceeded" comes as a throttling error (TooManyRequestsException, Throttling), but
            // also under other codes: it is the quota whatever the code, and wins over the send-rate hint
            rule("daily quota", o -> o.answered() && o.says("quota exceeded"), DAILY_QUOTA),
            rule("throttled", o -> o.codeIs("TooManyRequestsException", "ThrottlingException", "Throttling")
                    || o.status() == 429, THROTTLED),
            rule("limit exceeded", o -> o.codeIs("LimitExceededException"), LIMIT_EXCEEDED),
            rule("MAIL FROM domain not verified", o -> o.codeIs("MailFromDomainNotVerifiedException"),
                    MAIL_FROM_NOT_VERIFIED),
            rule("identity not verified", o -> MESSAGE_REJECTED.test(o) && o.says("not verified") && !o.from().isEmpty()
                    && o.says(o.from()), SENDER_NOT_VERIFIED),
            rule("sandbox recipient not verified", o -> MESSAGE_REJECTED.test(o) && o.says("not verified"),
                    SANDBOX_RECIPIENT),
            rule("recipient on a block list", o -> MESSAGE_REJECTED.test(o) && o.says("address blacklisted"),
                    RECIPIENT_BLOCKED),
            rule("message rejected", MESSAGE_REJECTED, MESSAGE_REFUSED),
            rule("account suspended", o -> o.codeIs("AccountSuspendedException"), ACCOUNT_SUSPENDED),
            rule("sending paused", o -> o.codeIs("SendingPausedException"), SENDING_PAUSED),
            rule("not found", o -> o.codeIs("NotFoundException"), NOT_FOUND),
            rule("bad request", o -> o.codeIs("BadRequestException"), BAD_REQUEST),
            rule("permission denied", o -> o.codeIs("AccessDeniedException", "AccessDenied"), PERMISSION_DENIED),
            rule("credentials refused", o -> o.codeIs(CREDENTIAL_CODES) || o.status() == 401 || o.status() == 403,
                    CREDENTIALS_REFUSED),
            rule("server error", o -> o.status() >= 500, SERVER_ERROR),
            rule("payload too large", o -> o.status() == 413, PAYLOAD_TOO_LARGE),
            rule("wrong endpoint", o -> o.status() == 404 || o.status() == 405, WRONG_ENDPOINT),
            rule("other client error", o -> o.status() >= 400 && o.status() < 500, OTHER_CLIENT_ERROR),
            // SES never redirects: a captive portal or a proxy sends its sign-in page's address
            rule("a redirect or another non-error answer", SesObservation::answered, NOT_THE_API),

            // --- SES never answered: the mailer, then the SDK ---
            rule("mailer closed during the call", o -> o.threw(RejectedExecutionException.class)
                    && o.chainSays(SesCalls.CLOSED), CLOSED),
            rule("no credentials", o -> o.chainSays("Unable to load credentials"), NO_CREDENTIALS),
            rule("no region", o -> o.chainSays("Unable to load region"), NO_REGION),
            rule("untrusted certificate", o -> o.threw(CertPathBuilderException.class), UNTRUSTED_CERTIFICATE),
            rule("not the SES API", o -> o.chainSays("Unable to unmarshall response"), NOT_THE_API),
            rule("call time limit", o -> o.threw(ApiCallTimeoutException.class)
                    || o.threw(ApiCallAttemptTimeoutException.class), CALL_TIME_LIMIT),
            rule("thread interrupted", o -> o.threw(AbortedException.class) || o.threw(InterruptedException.class),
                    INTERRUPTED),

            // --- SES never answered: the network rules shared with the other API transports ---
            rule("endpoint does not resolve", o -> o.network(FailureKind.DNS_FAILURE, true), UNKNOWN_HOST),
            rule("connection refused", o -> o.network(FailureKind.CONNECTION_REFUSED, true), REFUSED),
            rule("connect timed out", o -> o.network(FailureKind.CONNECTION_TIMEOUT, true), CONNECT_TIMEOUT),
            rule("TLS handshake failed", o -> o.network(FailureKind.TLS_FAILURE, true), TLS_HANDSHAKE),
            rule("TLS failed later", o -> o.network(FailureKind.TLS_FAILURE, false), TLS),
            rule("read timed out", o -> o.network(FailureKind.CONNECTION_TIMEOUT, false), READ_TIMEOUT),
            rule("connection dropped", o -> o.network(FailureKind.CONNECTION_LOST, false), CONNECTION_LOST),
            rule("not HTTP", o -> o.network(FailureKind.INVALID_CONFIGURATION, false), NOT_HTTP));

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

    private static Rule<SesObservation, SesReason> rule(String name, Predicate<SesObservation> when, SesReason reason) {
        return Rule.of(name, when, reason);
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
    Classification classify(Throwable error, String from, Duration timeLimit) {
        SesObservation o = SesObservation.of(error, from);
        SesReason reason = Rule.first(RULES, o).map(r -> r.reasonFor(o)).orElse(UNCLASSIFIED);
        if (reason == UNCLASSIFIED) {
            LOG.warn("Unclassified Amazon SES failure, please report it so it can be classified: status={} code={}"
                    + " chain={}", o.status(), o.errorCode(), Causes.classes(error));
        }
        return classification(reason, o.detail(), o.status(), o.retryAfter().orElse(null),
                values(from, timeLimit, o.status(), o.networkHint()));
    }

    /** A failed SES call as the exception a send throws. */
    MailException failure(Throwable error, String from, Duration timeLimit) {
        return toException(classify(error, from, timeLimit), error);
    }

    /**
     * A failure the mailer found itself, outside the rules: a closed mailer, a spent time limit, a
     * message over a limit, an answer that is not a delivery.
     *
     * @param detail    what happened
     * @param timeLimit the time limit, for the hint's {@code {limit}}
     * @param code      the HTTP status, or -1
     * @param cause     the exception underneath, or null
     */
    MailException failure(SesReason reason, String detail, Duration timeLimit, int code, Throwable cause) {
        return toException(classification(reason, detail, code, null, values("", timeLimit, code, "")), cause);
    }

    /** A failure found before any call, without a time limit or status to name. */
    MailException failure(SesReason reason, String detail, Throwable cause) {
        return failure(reason, detail, Duration.ZERO, -1, cause);
    }

    /**
     * The failure for a successful SendEmail answer without a MessageId: {@link SesReason#UNCONFIRMED}
     * (possibly delivered) when the answer came from AWS, which gives every answer a request id;
     * otherwise something else answered ({@link SesReason#NOT_THE_API}).
     */
    MailException withoutMessageId(SendEmailResponse response) {
        Optional<String> requestId = response.sdkHttpResponse() == null ? Optional.empty()
                : response.sdkHttpResponse().firstMatchingHeader("x-amzn-RequestId");
        int status = response.sdkHttpResponse() == null ? 200 : response.sdkHttpResponse().statusCode();
        return requestId.isPresent()
                ? failure(UNCONFIRMED, "HTTP " + status + " without a MessageId (request id " + requestId.get() + ")",
                        Duration.ZERO, status, null)
                : failure(NOT_THE_API, "HTTP " + status + " without a MessageId or an AWS request id, not "
                        + SesHints.PROVIDER + "'s answer", Duration.ZERO, status, null);
    }

    private Classification classification(SesReason reason, String detail, int code, Duration retryAfter,
                                          Map<String, String> values) {
        String hint = SesHints.TABLE.hint(reason, HintTable.ANY_PORT,
                configurationSet.isEmpty() ? null : SesHints.Setup.CONFIGURATION_SET, values);
        return new Classification(reason, detail, hint, code, retryAfter, reason.possiblyDelivered(),
                reason.connectionFailed());
    }

    /**
     * The values {@link SesHints}' templates name, for a failure of a call from {@code from} (empty
     * outside a send) under {@code timeLimit}, answered with {@code code} (or -1), above which the
     * network rules found {@code networkHint} (or empty).
     */
    Map<String, String> values(String from, Duration timeLimit, int code, String networkHint) {
        Map<String, String> v = new HashMap<>();
        v.put("networkHint", networkHint);
        v.put("region", region);
        v.put("configurationSet", configurationSet);
        v.put("from", from.isEmpty() ? "the from-address" : from);
        v.put("limit", Durations.human(timeLimit));
        v.put("code", code < 0 ? "no status" : Integer.toString(code));
        v.put("maxRecipients", Integer.toString(SesLimits.MAX_RECIPIENTS));
        v.put("maxSize", SesLimits.MAX_MESSAGE_BYTES / (1024 * 1024) + " MB");
        return v;
    }

    private MailException toException(Classification c, Throwable cause) {
        MailException.Builder b = c.toException(transport).cause(cause);
        secrets.forEach(b::secret);
        return b.build();
    }
}
