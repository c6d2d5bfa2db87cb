package dev.mailover.oauth2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fields of a token endpoint's JSON answer that matter here: a success (RFC 6749 section 5.1:
 * {@code access_token}, {@code token_type}, {@code expires_in}, {@code refresh_token}) or an error
 * (section 5.2: {@code error}, {@code error_description}; Microsoft adds {@code error_codes}, the
 * AADSTS numbers). Everything else is skipped. Never shows a token in {@link #toString()}.
 */
record TokenResponse(String accessToken, String tokenType, OptionalLong expiresIn, String refreshToken,
                     String error, String errorDescription, List<Long> errorCodes) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();

    TokenResponse {
        errorCodes = List.copyOf(errorCodes);
    }

    /** The answer's fields, or empty when the body is not a JSON object (an HTML page, a proxy's text). */
    static Optional<TokenResponse> parse(String body) {
        String accessToken = null;
        String tokenType = null;
        OptionalLong expiresIn = OptionalLong.empty();
        String refreshToken = null;
        String error = null;
        String description = null;
        List<Long> codes = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "access_token" -> accessToken = string(p, value);
                    case "token_type" -> tokenType = string(p, value);
                    case "expires_in" -> expiresIn = number(p, value);
                    case "refresh_token" -> refreshToken = string(p, value);
                    case "error" -> error = string(p, value);
                    case "error_description" -> description = string(p, value);
                    case "error_codes" -> codes = numbers(p, value);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new TokenResponse(accessToken, tokenType, expiresIn, refreshToken, error, description, codes));
    }

    boolean hasToken() {
        return accessToken != null && !accessToken.isBlank();
    }

    private static String string(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** A number, or a string holding one (some endpoints quote {@code expires_in}). */
    private static OptionalLong number(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return OptionalLong.of(p.getLongValue());
        }
        if (value == JsonToken.VALUE_STRING) {
            try {
                return OptionalLong.of(Long.parseLong(p.getText().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        p.skipChildren();
        return OptionalLong.empty();
    }

    private static List<Long> numbers(JsonParser p, JsonToken value) throws IOException {
        List<Long> out = new ArrayList<>();
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return out;
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NUMBER_INT && out.size() < 16) {
                out.add(p.getLongValue());
            } else {
                p.skipChildren();
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TokenResponse{access_token=" + (accessToken == null ? "none" : "****") + " token_type=" + tokenType
                + " expires_in=" + (expiresIn.isPresent() ? expiresIn.getAsLong() : "none")
                + " refresh_token=" + (refreshToken == null ? "none" : "****")
                + (error == null ? "" : " error=" + error) + (errorCodes.isEmpty() ? "" : " error_codes=" + errorCodes) + "}";
    }
}
