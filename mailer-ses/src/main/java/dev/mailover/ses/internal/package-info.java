/**
 * Internal to the SES transport: the DSN provider that {@link java.util.ServiceLoader} finds. Not API;
 * it may change without notice. Applications use {@link dev.mailover.Mailers#fromDsn(String)}.
 */
package dev.mailover.ses.internal;
