/**
 * Amazon SES: {@link dev.mailover.ses.SesMailer} sends through the SES v2 API ({@code SendEmail}) with
 * the AWS SDK for Java v2, as raw MIME written by the same writer as the SMTP transport's, and
 * classifies SES's answers and the network failures underneath into {@link dev.mailover.FailureKind}s.
 * DSNs with the {@code ses+api} scheme build it through {@link dev.mailover.Mailers#fromDsn(String)}.
 */
package dev.mailover.ses;
