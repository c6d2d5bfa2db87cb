/**
 * Failover across transports: {@link dev.mailover.failover.FailoverMailer} tries several
 * {@link dev.mailover.Mailer}s in a {@link dev.mailover.failover.Strategy strategy}'s order and
 * decides from each failure's {@link dev.mailover.FailureKind} whether to retry, fail over or stop,
 * with one Resilience4j circuit breaker per transport and one deadline per send.
 * {@link dev.mailover.failover.AmbiguityPolicy} says what to do when a message may have been
 * delivered despite a failure.
 */
package dev.mailover.failover;
