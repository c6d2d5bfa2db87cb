/**
 * Internal to the OAuth2 module: the DSN seam that {@link java.util.ServiceLoader} finds. Not API; it
 * may change without notice.
 */
package dev.mailover.oauth2.internal;
