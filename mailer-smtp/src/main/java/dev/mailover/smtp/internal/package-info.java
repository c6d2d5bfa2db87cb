/**
 * Internal to the SMTP transport: the DSN provider that {@link java.util.ServiceLoader} finds. Not API;
 * it may change without notice.
 */
package dev.mailover.smtp.internal;
