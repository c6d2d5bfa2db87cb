/**
 * OAuth2 access tokens for SMTP's XOAUTH2: {@link dev.mailover.oauth2.OAuth2TokenSource} for
 * Microsoft 365, Gmail and any OAuth 2.0 token endpoint.
 */
package dev.mailover.oauth2;
