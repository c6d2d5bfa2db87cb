package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * The classifier's rules one by one, on exceptions shaped as the SDK builds them. The stub tests in
 * {@link SesMailerTest} prove the same against real HTTP responses; these pin the rule order.
 */
class SesFailureClassifierTest {

    private final SesFailureClassifier classifier = new SesFailureClassifier("ses", "eu-west-1", "marketing", List.of("s3cr3t"));

    private static SesV2Exception answer(int status, String code, String message) {
        return (SesV2Exception) SesV2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message).build();
    }

    @ParameterizedTest(name = "{0} {1} is {3}")
    @CsvSource({
        "429, TooManyRequestsException, Maximum sending rate exceeded., RATE_LIMITED",
        "400, Throttling, Rate exceeded, RATE_LIMITED",
        "400, LimitExceededException, Daily message quota exceeded., RATE_LIMITED",
        "400, MessageRejected, Email address is not verified. ... region EU-WEST-1: a@example.com, SENDER_REJECTED",
        "400, MessageRejected, Address blacklisted., RECIPIENT_REJECTED",
        "400, MessageRejected, Message length is more than 10485760 bytes long., MESSAGE_REJECTED",
        "400, MailFromDomainNotVerifiedException, not verified, SENDER_REJECTED",
        "400, AccountSuspendedException, suspended, SENDER_REJECTED",
        "400, SendingPausedException, paused, SENDER_REJECTED",
        "404, NotFoundException, Configuration set <marketing> does not exist., INVALID_CONFIGURATION",
        "400, BadRequestException, invalid, MESSAGE_REJECTED",
        "403, AccessDeniedException, not authorized to perform ses:SendEmail, AUTHENTICATION_FAILED",
        "400, ExpiredTokenException, The security token included in the request is expired, AUTHENTICATION_FAILED",
        "403, InvalidSignatureException, signature, AUTHENTICATION_FAILED",
        "403, , Forbidden, AUTHENTICATION_FAILED",
        "500, InternalServiceErrorException, Internal error, SERVICE_UNAVAILABLE",
        "503, , Service Unavailable, SERVICE_UNAVAILABLE",
        "413, , Request Entity Too Large, MESSAGE_REJECTED",
        "405, , Method Not Allowed, INVALID_CONFIGURATION",
        "418, SomethingNew, ?, MESSAGE_REJECTED",
    })
    void sesAnswersMapOntoKinds(int status, String code, String message, FailureKind kind) {
        MailException e = classifier.failure(answer(status, code == null ? "" : code, message), "a@example.com",
                Duration.ofSeconds(5));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.code()).hasValue(status);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.transport()).isEqualTo("ses");
    }

    @Test
    void connectTimeoutWasNotDeliveredButReadTimeoutMayHaveBeen() {
        MailException connect = classifier.failure(SdkClientException.create("Unable to execute HTTP request",
                new SocketTimeoutException("Connect timed out")), "a@example.com", Duration.ofSeconds(5));
        MailException read = classifier.failure(SdkClientException.create("Unable to execute HTTP request",
                new SocketTimeoutException("Read timed out")), "a@example.com", Duration.ofSeconds(5));

        assertThat(connect.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(connect.possiblyDelivered()).isFalse();
        assertThat(connect.connectionFailed()).isTrue();
        assertThat(read.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(read.possiblyDelivered()).isTrue();
        assertThat(read.connectionFailed()).isFalse();
    }

    @Test
    void refusedConnectionWasNotDelivered() {
        MailException e = classifier.failure(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")), "a@example.com", Duration.ofSeconds(5));

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.connectionFailed()).isTrue();
    }

    @Test
    void unresolvableEndpointIsADnsFailureOfTheConnection() {
        MailException e = classifier.failure(SdkClientException.create("Unable to execute HTTP request",
                new java.net.UnknownHostException("email.eu-west-1.amazonaws.invalid")), "a@example.com", Duration.ofSeconds(5));

        assertThat(e.kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(e.connectionFailed()).isTrue();
        assertThat(e.possiblyDelivered()).isFalse();
    }

    @Test
    void anAnswerFromSesIsNeverAConnectionFailure() {
        MailException e = classifier.failure(answer(503, "", "Service Unavailable"), "a@example.com", Duration.ofSeconds(5));
        assertThat(e.connectionFailed()).isFalse();
    }

    @Test
    void aRedirectIsAnAnswerFromSomethingElseNotADelivery() {
        MailException e = classifier.failure(answer(302, "", "Found"), "a@example.com", Duration.ofSeconds(5));

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.hint()).contains("captive portal");
        assertThat(e.possiblyDelivered()).isFalse();
    }

    @Test
    void anInterruptedCallMayHaveDeliveredAndSaysSo() {
        MailException e = classifier.failure(AbortedException.create("Thread was interrupted"), "a@example.com",
                Duration.ofSeconds(5));

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(e.possiblyDelivered()).isTrue();
        assertThat(e.hint()).contains("interrupted", "may have accepted");
    }

    @Test
    void aCallRejectedBecauseTheMailerClosedMeanwhileSaysItIsClosed() {
        MailException e = classifier.failure(new RejectedExecutionException(SesCalls.CLOSED), "a@example.com",
                Duration.ofSeconds(5));

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.detail()).contains("closed");
        assertThat(e.hint()).contains("closed one cannot send");
    }

    @Test
    void theCallTimeLimitIsNamedForPeople() {
        MailException e = classifier.failure(ApiCallTimeoutException.create(1250), "a@example.com", Duration.ofMillis(1500));

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(e.possiblyDelivered()).isTrue();
        assertThat(e.hint()).contains("time limit of 1.5 s");
    }

    @Test
    void somethingNoRuleKnowsIsUnknownAndKeepsItsCause() {
        IllegalStateException odd = new IllegalStateException("odd");
        MailException e = classifier.failure(odd, "a@example.com", Duration.ofSeconds(5));

        assertThat(e.kind()).isEqualTo(FailureKind.UNKNOWN);
        assertThat(e.getCause()).isSameAs(odd);
    }

    @Test
    void registeredSecretsAreMaskedInTheDetail() {
        MailException e = classifier.failure(answer(403, "SignatureDoesNotMatch", "secret s3cr3t leaked"), "", Duration.ofSeconds(5));

        assertThat(e.getMessage()).doesNotContain("s3cr3t").contains("****");
    }
}
