package dev.mailover.spring;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The outbox's entries by status, as a bean that the health contributor can ask for without naming
 * {@code Outbox}, whose module is optional.
 *
 * @param counts {@code outbox::counts}
 */
record OutboxCounts(Supplier<? extends Map<?, ? extends Number>> counts) {
}
