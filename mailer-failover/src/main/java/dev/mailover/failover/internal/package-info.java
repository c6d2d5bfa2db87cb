/**
 * Implementation details of the failover module, such as its {@link dev.mailover.MailerProvider}.
 * Not API: do not use these types directly; they may change in any release.
 */
package dev.mailover.failover.internal;
