/**
 * The one MIME writer: an {@link dev.mailover.Email} as an RFC 5322 message
 * ({@link dev.mailover.mime.internal.MimeMessages}), and its size as SMTP counts it. Shared by the SMTP
 * and SES transports so that a message looks the same whichever of them delivers it.
 *
 * <p>Not API, the way {@code okhttp3.internal} is not: these types are public only so that Mailover's
 * own modules can use them, the module exports this package only to them, and they may change in any
 * release. Applications send through {@link dev.mailover.Mailer}.
 */
package dev.mailover.mime.internal;
