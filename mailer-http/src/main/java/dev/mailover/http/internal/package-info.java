/**
 * Internal to the HTTP transports: the DSN provider that {@link java.util.ServiceLoader} finds. Not API;
 * these types may change in any release. Applications use {@link dev.mailover.Mailers#fromDsn(String)}
 * and the mailer builders.
 */
package dev.mailover.http.internal;
