package dev.mailover.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;

/** Token endpoint answers as Microsoft and RFC 6749 document them, and a clock the tests move. */
final class TokenEndpointStub {

    static final String TENANT = "contoso.example";
    static final String CLIENT_ID = "00001111-aaaa-2222-bbbb-3333cccc4444";
    static final String CLIENT_SECRET = "Cs8Q~client.secret-Value_0815";

    private TokenEndpointStub() {
    }

    /** A successful answer (RFC 6749 section 5.1, Microsoft's shape). */
    static MockResponse token(String accessToken, long expiresIn) {
        return json(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"ext_expires_in\":" + expiresIn
                + ",\"access_token\":\"" + accessToken + "\"}");
    }

    /** A successful refresh that rotates the refresh token. */
    static MockResponse rotated(String accessToken, String refreshToken) {
        return json(200, "{\"token_type\":\"Bearer\",\"scope\":\"https://mail.google.com/\",\"expires_in\":3599,"
                + "\"access_token\":\"" + accessToken + "\",\"refresh_token\":\"" + refreshToken + "\"}");
    }

    /** A Microsoft identity platform error: RFC 6749 section 5.2 plus error_codes and trace ids. */
    static MockResponse microsoftError(int status, String error, long aadsts, String description) {
        return json(status, "{\"error\":\"" + error + "\",\"error_description\":\"AADSTS" + aadsts + ": " + description
                + "\\r\\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\\r\\nCorrelation ID: "
                + "aaaa0000-bb11-2222-33cc-444444dddddd\\r\\nTimestamp: 2026-12-01 10:00:00Z\",\"error_codes\":[" + aadsts
                + "],\"timestamp\":\"2026-12-01 10:00:00Z\",\"trace_id\":\"0000aaaa-11bb-cccc-dd22-eeeeee333333\","
                + "\"correlation_id\":\"aaaa0000-bb11-2222-33cc-444444dddddd\",\"error_uri\":"
                + "\"https://login.microsoftonline.com/error?code=" + aadsts + "\"}");
    }

    /** A plain RFC 6749 section 5.2 error. */
    static MockResponse error(int status, String error) {
        return json(status, "{\"error\":\"" + error + "\",\"error_description\":\"refused\"}");
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=utf-8")
                .addHeader("Cache-Control", "no-store").body(body).build();
    }

    /** A clock that stands still until a test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
