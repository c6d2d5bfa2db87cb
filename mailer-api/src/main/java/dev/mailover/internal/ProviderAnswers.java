package dev.mailover.internal;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.util.Optional;

/**
 * What an API provider's answer means whatever client reads it (OkHttp for the HTTP providers, the AWS
 * SDK for SES): whether an id it gives is one, and the hints for an answer that did not come from the
 * provider, an answer in its shape that lacks the id confirming acceptance, and a used-up sending
 * quota. Not API.
 */
public final class ProviderAnswers {

    /** An id longer than an RFC 5322 line, or holding control characters, is not an id but garbage. */
    public static final int MAX_ID_LENGTH = 998;

    private ProviderAnswers() {
    }

    /** The id when it is one: non-blank, at most {@value #MAX_ID_LENGTH} characters, no control characters. */
    public static Optional<String> validId(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String v = id.strip();
        if (v.length() > MAX_ID_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /**
     * The failure for an answer that is not the provider's API at all, such as a captive portal's
     * sign-in page: {@link FailureKind#SERVICE_UNAVAILABLE} (a fault on the path, retryable), not
     * possibly delivered.
     *
     * @param detail what answered, for example {@code HTTP 200 with an HTML page titled '…'}
     */
    public static MailException.Builder notTheApi(String transport, String provider, String detail) {
        return MailException.builder(FailureKind.SERVICE_UNAVAILABLE, transport).detail(detail).hint(notTheApiHint(provider));
    }

    /** The hint for an answer that did not come from the provider's API. */
    public static String notTheApiHint(String provider) {
        return "Something between this host and " + provider + " answered instead of the API (a captive portal or"
                + " proxy?), or the configured URL points at a web page rather than the API. Sign in to the network or"
                + " configure the proxy, and check the URL.";
    }

    /**
     * The hint for an answer in the provider's shape that lacks the id which confirms acceptance.
     *
     * @param answer what the provider answered, for example {@code HTTP 202}
     * @param idName what carries the id, for example {@code the X-Message-Id header}
     */
    public static String unconfirmedHint(String provider, String answer, String idName) {
        return provider + " answered " + answer + " without " + idName + ", so the message may have been accepted:"
                + " check " + provider + "'s activity log before sending it again. A proxy that rewrites answers could"
                + " cause this.";
    }

    /**
     * The hint for a provider whose sending quota is used up (a daily limit, a plan's credits): a
     * {@link FailureKind#RATE_LIMITED} failure that another transport can take over.
     *
     * @param provider the provider, for example {@code SendGrid}
     * @param what     what the provider counts, for example {@code the account's email credits}
     */
    public static String quotaHint(String provider, String what) {
        return "The daily sending quota at " + provider + " is reached (" + what + "): wait until it resets, raise"
                + " the limit, or send through another transport meanwhile.";
    }
}
