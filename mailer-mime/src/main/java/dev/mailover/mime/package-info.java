/**
 * DKIM signing of the messages Mailover writes: {@link dev.mailover.mime.DkimSigner}, given to
 * {@code SmtpMailer.builder().dkim(..)} or {@code SesMailer.builder().dkim(..)}, or configured in a DSN
 * with {@code dkim_domain}, {@code dkim_selector} and {@code dkim_key}.
 */
package dev.mailover.mime;
