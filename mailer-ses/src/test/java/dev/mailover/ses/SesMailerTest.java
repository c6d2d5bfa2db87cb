package dev.mailover.ses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.testing.BlackholedPort;
import dev.mailover.testing.Peers;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** SesMailer sending through the real AWS SDK SesV2Client against a local SES stub. */
class SesMailerTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private SesStub ses;

    @BeforeEach
    void setUp() {
        ses = new SesStub(wm);
    }

    static Email email() {
        return Email.builder()
                .from("Sender <sender@example.com>")
                .to("Rcpt <rcpt@example.net>")
                .cc("cc@example.net")
                .bcc("hidden@example.net")
                .subject("Quarterly report")
                .text("Hello there")
                .html("<p>Hello there</p>")
                .tag("welcome mail")
                .metadata("order", "A-42")
                .build();
    }

    @Test
    void acceptedSendReturnsSesMessageId() {
        ses.acceptSend("0100018c-aaaa-bbbb");
        try (SesMailer mailer = ses.mailer().build()) {
            SendResult result = mailer.send(email());

            assertThat(result.messageId()).isEqualTo("0100018c-aaaa-bbbb");
            assertThat(result.transport()).isEqualTo("ses");
            assertThat(result.attempts()).singleElement().satisfies(a -> assertThat(a.detail()).contains("0100018c-aaaa-bbbb"));
        }
    }

    @Test
    void aGivenClientIsUsedAsItIsAndSurvivesTheMailer() {
        ses.acceptSend("via-client");
        try (SesV2Client client = SesV2Client.builder()
                .region(Region.EU_CENTRAL_1)
                .endpointOverride(ses.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLIENT", "s3cr3t")))
                .build()) {
            SesMailer mailer = SesMailer.builder().client(client).timeout(Duration.ofSeconds(5)).build();
            assertThat(mailer.send(email()).messageId()).isEqualTo("via-client");
            mailer.close();

            assertThat(client.sendEmail(b -> b.fromEmailAddress("a@example.com")
                    .destination(d -> d.toAddresses("b@example.com"))
                    .content(c -> c.simple(m -> m.subject(t -> t.data("s")).body(t -> t.text(x -> x.data("t"))))))
                    .messageId()).isEqualTo("via-client");
        }
        assertThat(ses.sends()).hasSize(2);
        assertThat(ses.sends().get(0).getHeader("Authorization")).contains("/eu-central-1/ses/aws4_request");
    }

    @Test
    void requestCarriesEnvelopeConfigurationSetAndTags() {
        ses.acceptSend("id-1");
        try (SesMailer mailer = ses.mailer().configurationSet("default").build()) {
            mailer.send(email());
        }
        JsonNode body = ses.onlySendBody();
        assertThat(body.path("FromEmailAddress").asText()).isEqualTo("sender@example.com");
        assertThat(body.path("Destination").path("ToAddresses").toString()).isEqualTo("[\"rcpt@example.net\"]");
        assertThat(body.path("Destination").path("CcAddresses").toString()).isEqualTo("[\"cc@example.net\"]");
        assertThat(body.path("Destination").path("BccAddresses").toString()).isEqualTo("[\"hidden@example.net\"]");
        assertThat(body.path("ConfigurationSetName").asText()).isEqualTo("default");
        assertThat(body.path("EmailTags").toString())
                .isEqualTo("[{\"Name\":\"welcome_mail\",\"Value\":\"true\"},{\"Name\":\"order\",\"Value\":\"A-42\"}]");
        assertThat(body.path("Content").has("Simple")).isFalse();
    }

    @Test
    void rawMimeCarriesHeadersPartsAndTheEmailsMessageIdButNoBcc() throws Exception {
        ses.acceptSend("id-raw");
        Email email = Email.builder()
                .from("Renée Sender <sender@example.com>")
                .to("Rcpt <rcpt@example.net>")
                .cc("cc@example.net")
                .bcc("hidden@example.net")
                .replyTo("replies@example.com")
                .subject("Quarterly report")
                .text("Hello there")
                .html("<p>Hello <img src=\"cid:logo\"></p>")
                .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .attach(Attachment.of("report.pdf", "application/pdf", "%PDF-1.4 report".getBytes(StandardCharsets.US_ASCII)))
                .header("X-Campaign", "q3")
                .tag("welcome")
                .metadata("order", "A-42")
                .messageId("<fixed-1@example.com>")
                .build();
        try (SesMailer mailer = ses.mailer().build()) {
            mailer.send(email);
        }
        MimeMessage raw = rawMessage(ses.onlySendBody());

        assertThat(raw.getMessageID()).isEqualTo("<fixed-1@example.com>");
        assertThat(raw.getFrom()[0].toString()).contains("sender@example.com");
        assertThat(((InternetAddress) raw.getFrom()[0]).getPersonal()).isEqualTo("Renée Sender");
        assertThat(raw.getHeader("To", ",")).contains("rcpt@example.net");
        assertThat(raw.getHeader("Cc", ",")).contains("cc@example.net");
        assertThat(raw.getHeader("Bcc")).isNull();
        assertThat(raw.getHeader("Reply-To", ",")).contains("replies@example.com");
        assertThat(raw.getSubject()).isEqualTo("Quarterly report");
        assertThat(raw.getHeader("X-Campaign", ",")).isEqualTo("q3");
        assertThat(raw.getHeader("X-Mailover-Tag", ",")).isEqualTo("welcome");
        assertThat(raw.getHeader("X-Mailover-Meta-order", ",")).isEqualTo("A-42");
        String mime = rawText(ses.onlySendBody());
        assertThat(mime).contains("multipart/mixed", "multipart/related", "multipart/alternative",
                "Content-ID: <logo>", "filename=report.pdf", "Hello there", "image/png");
        assertThat(mime).doesNotContain("hidden@example.net");
    }

    @Test
    void everyAttemptOfOneEmailCarriesTheSameMessageId() throws Exception {
        ses.acceptSend("id-again");
        Email email = email();
        try (SesMailer mailer = ses.mailer().build()) {
            mailer.send(email);
            mailer.send(email);
        }
        assertThat(ses.sends()).hasSize(2).allSatisfy(r -> assertThat(
                rawMessage(SesStub.json(r.getBodyAsString())).getMessageID()).isEqualTo(email.messageId()));
    }

    @Test
    void metadataKeyThatCannotBeAHeaderNameIsRefusedBeforeAnyNetworkCall() {
        // Email.build() refuses it now, naming the key, so no transport ever sees such an email.
        assertThatThrownBy(() -> Email.builder().from("sender@example.com").to("rcpt@example.net").text("t")
                .metadata("order id", "A-42").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata key 'order id'");
        assertThat(ses.sends()).isEmpty();
    }

    static MimeMessage rawMessage(JsonNode body) throws MessagingException {
        byte[] data = Base64.getDecoder().decode(body.path("Content").path("Raw").path("Data").asText());
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
    }

    static String rawText(JsonNode body) {
        return new String(Base64.getDecoder().decode(body.path("Content").path("Raw").path("Data").asText()),
                StandardCharsets.UTF_8);
    }

    @Test
    void requestIsSignedWithTheStaticCredentialsForTheRegion() {
        ses.acceptSend("id-1");
        try (SesMailer mailer = ses.mailer().build()) {
            mailer.send(email());
        }
        String authorization = ses.sends().get(0).getHeader("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=" + SesStub.ACCESS_KEY_ID + "/")
                .contains("/eu-west-1/ses/aws4_request");
    }

    @Test
    void throttlingIsRateLimitedWithTheRetryAfterAndIsNotRetriedByTheSdk() {
        ses.failSend(SesStub.error(429, "TooManyRequestsException", "Maximum sending rate exceeded.")
                .withHeader("Retry-After", "7"));
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.code()).hasValue(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.detail()).contains("TooManyRequestsException", "Maximum sending rate exceeded");
            assertThat(e.possiblyDelivered()).isFalse();
        }
        assertThat(ses.sends()).hasSize(1);
    }

    @Test
    void aRetryAfterOnAPermanentRefusalIsNotKept() {
        ses.failSend(SesStub.error(400, "MessageRejected", "Illegal address").withHeader("Retry-After", "30"));
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.retryAfter()).as("a wait is kept only for retryable kinds").isEmpty();
        }
    }

    @Test
    void throttlingNamedOnlyInTheJsonBodyIsStillRateLimited() {
        ses.failSend(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"__type\":\"TooManyRequestsException\",\"message\":\"Maximum sending rate exceeded.\"}"));
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEmpty();
        }
    }

    @Test
    void dailyQuotaExceededIsRateLimitedWithTheQuotaInTheHint() {
        ses.failSend(400, "LimitExceededException", "Daily message quota exceeded.");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.hint()).contains("24-hour sending quota");
        }
    }

    @Test
    void missingIamPermissionIsAuthenticationFailedNamingTheAction() {
        ses.failSend(403, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/app is not authorized to"
                + " perform: ses:SendEmail on resource: arn:aws:ses:eu-west-1:123456789012:identity/example.com");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.hint()).contains("ses:SendEmail", "IAM");
        }
    }

    @Test
    void messageRejectedStopsAsMessageRejected() {
        ses.failSend(400, "MessageRejected", "Illegal address");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.code()).hasValue(400);
            assertThat(e.detail()).contains("Illegal address");
        }
    }

    @Test
    void unverifiedSenderIsSenderRejectedWithTheRegionInTheHint() {
        ses.failSend(400, "MessageRejected", "Email address is not verified. The following identities failed the"
                + " check in region EU-WEST-1: sender@example.com");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.hint()).contains("sender@example.com", "eu-west-1", "verif");
        }
    }

    @Test
    void sandboxRecipientNotVerifiedIsAnAccountProblemNotAMessageOne() {
        ses.failSend(400, "MessageRejected", "Email address is not verified. The following identities failed the"
                + " check in region EU-WEST-1: rcpt@example.net");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.kind().transportFault()).isTrue();
            assertThat(e.hint()).contains("sandbox");
        }
    }

    @Test
    void mailFromDomainNotVerifiedIsSenderRejected() {
        ses.failSend(400, "MailFromDomainNotVerifiedException", "The MAIL FROM domain is not verified.");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.hint()).contains("MAIL FROM");
        }
    }

    @Test
    void suspendedAccountIsATransportFaultThatSaysWhatToDo() {
        ses.failSend(400, "AccountSuspendedException", "Your account has been suspended.");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.kind().transportFault()).isTrue();
            assertThat(e.hint()).contains("suspended", "another transport");
        }
    }

    @Test
    void pausedSendingNamesTheConfigurationSet() {
        ses.failSend(400, "SendingPausedException", "Sending is paused for this configuration set.");
        try (SesMailer mailer = ses.mailer().configurationSet("marketing").build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.hint()).contains("paused", "'marketing'");
        }
    }

    @Test
    void missingConfigurationSetIsInvalidConfiguration() {
        ses.failSend(404, "NotFoundException", "Configuration set <marketing> does not exist.");
        try (SesMailer mailer = ses.mailer().configurationSet("marketing").build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.hint()).contains("'marketing'", "eu-west-1");
        }
    }

    @Test
    void badRequestIsMessageRejected() {
        ses.failSend(400, "BadRequestException", "Invalid tag name");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        }
    }

    @Test
    void unrecognizedCredentialsAreAuthenticationFailedAndNeverShowTheSecret() {
        // AWS echoing the key in a message would be unusual; the stub does it to prove the masking.
        ses.failSend(403, "UnrecognizedClientException", "The security token included in the request is invalid: "
                + SesStub.SECRET_ACCESS_KEY);
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.code()).hasValue(403);
            assertThat(e.getMessage()).doesNotContain(SesStub.SECRET_ACCESS_KEY).contains("****");
        }
    }

    @Test
    void signatureMismatchIsAuthenticationFailed() {
        ses.failSend(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.hint()).contains("access key");
        }
    }

    @Test
    void noCredentialsAnywhereIsInvalidConfigurationBeforeAnyNetworkCall() {
        ses.acceptSend("never");
        try (SesMailer mailer = SesMailer.builder().region(SesStub.REGION).endpoint(ses.endpoint())
                .credentialsProvider(() -> {
                    throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
                })
                .build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.hint()).contains("No AWS credentials");
        }
        assertThat(ses.sends()).isEmpty();
    }

    @Test
    void unavailableServiceKeepsItsRetryAfter() {
        ses.failSend(SesStub.error(503, "ServiceUnavailable", "Service is unavailable. Please try again later.")
                .withHeader("Retry-After", "4"));
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.code()).hasValue(503);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
        }
        assertThat(ses.sends()).hasSize(1);
    }

    @Test
    void serverErrorIsServiceUnavailableAndNotRetriedByTheSdk() {
        ses.failSend(500, "InternalServiceErrorException", "Internal error");
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.code()).hasValue(500);
        }
        assertThat(ses.sends()).hasSize(1);
    }

    @Test
    void closedPortIsConnectionRefusedAndNotDelivered() throws Exception {
        try (SesMailer mailer = ses.mailer().endpoint(URI.create("http://127.0.0.1:" + Peers.closedPort())).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.connectionFailed()).isTrue();
            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).as("the hint shared with the OkHttp transports fits SES too")
                    .contains("configured URL").doesNotContain("OkHttp", "base URL");
        }
    }

    @Test
    void blackholedPortTimesOutWithinTheConnectTimeoutAndWasNotDelivered() throws Exception {
        try (BlackholedPort hole = new BlackholedPort();
             SesMailer mailer = ses.mailer().connectTimeout(Duration.ofMillis(500))
                     .endpoint(URI.create("http://127.0.0.1:" + hole.port())).build()) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.hint()).contains("blocked");
            assertThat(e.connectionFailed()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void sendTimeLimitAlsoCapsAConnectThatWouldHang() throws Exception {
        try (BlackholedPort hole = new BlackholedPort();
             SesMailer mailer = ses.mailer().connectTimeout(Duration.ofSeconds(30))
                     .endpoint(URI.create("http://127.0.0.1:" + hole.port())).build()) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email(), Duration.ofMillis(600)));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void endpointWithACertificateTheJvmDoesNotTrustIsTlsFailure() throws Exception {
        HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test Root").build();
        HeldCertificate localhost = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").signedBy(root).build();
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(new HandshakeCertificates.Builder().heldCertificate(localhost, root.certificate()).build()
                    .sslSocketFactory());
            server.enqueue(new MockResponse.Builder().code(200).body("{\"MessageId\":\"never\"}").build());
            server.start();
            try (SesMailer mailer = ses.mailer().endpoint(URI.create("https://localhost:" + server.getPort())).build()) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

                assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
                assertThat(e.hint()).contains("not trusted", "trust store");
                assertThat(e.connectionFailed()).isTrue();
                assertThat(e.possiblyDelivered()).isFalse();
            }
        }
    }

    @Test
    void silentServerTimesOutWithinTheReadTimeoutAndMayHaveDelivered() {
        ses.failSend(aResponse().withStatus(200).withBody("{\"MessageId\":\"late\"}").withFixedDelay(8_000));
        try (SesMailer mailer = ses.mailer().readTimeout(Duration.ofMillis(500)).build()) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.connectionFailed()).as("a read timeout comes after the request went out").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void sendTimeLimitCapsTheCallBelowTheConfiguredTimeouts() {
        ses.failSend(aResponse().withStatus(200).withBody("{\"MessageId\":\"late\"}").withFixedDelay(8_000));
        try (SesMailer mailer = ses.mailer().readTimeout(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(30)).build()) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email(), Duration.ofMillis(700)));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void spentTimeLimitFailsWithoutCallingSes() {
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email(), Duration.ZERO));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        }
        assertThat(ses.sends()).isEmpty();
    }

    @Test
    void connectionResetMidCallIsConnectionLost() {
        ses.failSend(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.connectionFailed()).isFalse();
        }
    }

    @Test
    void moreThanFiftyRecipientsFailBeforeAnyNetworkCall() {
        Email.Builder b = Email.builder().from("sender@example.com").subject("s").text("t");
        for (int i = 0; i < 51; i++) {
            b.bcc("r" + i + "@example.net");
        }
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(b.build()));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.detail()).contains("51 recipients");
        }
        assertThat(ses.sends()).isEmpty();
    }

    @Test
    void messageOverFortyMegabytesFailsBeforeAnyNetworkCall(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(31L * 1024 * 1024); // sparse: 31 MB is about 41 MB in base64
        }
        Email email = Email.builder().from("sender@example.com").to("rcpt@example.net").subject("s").text("t")
                .attach(Attachment.of("big.bin", "application/octet-stream", big)).build();
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.detail()).contains("40 MB");
        }
        assertThat(ses.sends()).isEmpty();
    }

    @Test
    void messageThatGrowsPastFortyMegabytesWhileWrittenFailsBeforeAnyNetworkCall(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("almost.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(31_000_000L); // about 39.4 MB in bare base64, over 40 MB with MIME's line breaks
        }
        Email email = Email.builder().from("sender@example.com").to("rcpt@example.net").subject("s").text("t")
                .attach(Attachment.of("almost.bin", "application/octet-stream", big)).build();
        try (SesMailer mailer = ses.mailer().build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.detail()).contains("40 MB");
        }
        assertThat(ses.sends()).isEmpty();
    }

    @Test
    void sendingAfterCloseFails() {
        SesMailer mailer = ses.mailer().build();
        mailer.close();
        mailer.close();

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email()));

        assertThat(e.kind()).as("as for the other transports").isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.detail()).contains("closed");
        assertThat(ses.sends()).isEmpty();
    }

    @Test
    void toStringNeverShowsTheCredentials() {
        try (SesMailer mailer = ses.mailer().configurationSet("default").build()) {
            assertThat(mailer.toString())
                    .contains("eu-west-1", "default")
                    .doesNotContain(SesStub.SECRET_ACCESS_KEY)
                    .doesNotContain(SesStub.ACCESS_KEY_ID);
        }
    }
}
