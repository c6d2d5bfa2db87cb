package dev.mailover.failover;

import dev.mailover.MailException;

/**
 * What a {@link FailoverMailer} does when a transport fails in a way that may have delivered the
 * message anyway ({@link MailException#possiblyDelivered()}, for example a connection that dropped
 * after SMTP's final dot, or a read timeout after an HTTP body was fully sent).
 *
 * <p>Every attempt of one send carries the same Message-ID, so a receiver or a log can recognise a
 * duplicate that {@link #FAILOVER} produced.
 */
public enum AmbiguityPolicy {
    /**
     * Go on as with any other transport fault: retry or fail over. The message is delivered at
     * least once, and may arrive twice. This is the default: a lost message is usually worse than
     * a duplicate.
     */
    FAILOVER,
    /**
     * Stop at once and throw the failure, with {@code possiblyDelivered()} true. The message is
     * delivered at most once; the caller decides whether to send it again.
     */
    FAIL
}
