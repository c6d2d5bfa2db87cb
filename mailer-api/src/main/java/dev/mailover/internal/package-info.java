/**
 * What Mailover's own modules share: one rule type, the cause-chain walk, the time limit, secret
 * masking, human durations, async sends, the transport-name rule, network-failure and provider-answer
 * knowledge of the API transports, the encoded size of an email, and the unreadable-attachment
 * failure. JDK only.
 *
 * <p>Not API, the way {@code okhttp3.internal} is not: these types are public only so that Mailover's
 * modules can use them, the module exports this package only to them, and they may change in any
 * release. Applications use {@code dev.mailover}.
 */
package dev.mailover.internal;
