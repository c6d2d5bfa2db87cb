package dev.mailover.failover;

/**
 * In which order a {@link FailoverMailer} tries its transports for each send.
 *
 * <p>Under both strategies a failed transport hands the send to the next one in order, wrapping
 * around, until one delivers, the send must stop, or the deadline is spent.
 */
public enum Strategy {
    /**
     * Every send starts with the first transport given to the builder; the others are fallbacks,
     * tried in the order they were given. Use it for a primary with backups.
     */
    PRIORITY,
    /**
     * Each send starts with the next transport in turn (first, second, …, first again), then fails
     * over through the rest in order. Use it to spread load over equivalent transports.
     */
    ROUND_ROBIN
}
