package dev.mailover.mime.internal;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;

/**
 * The value of a message's Date header, the RFC 5322 date-time {@code Wed, 2 Dec 2026 05:24:38 +0000} in
 * the JVM's time zone. Jakarta Mail's {@code setSentDate} appends the zone's name as a comment
 * ({@code (UTC)}), which the RFC does not need and whose first use loads the JDK's time-zone names,
 * about 18 ms of a JVM's first send. The value changes once a second, so it is formatted once a second
 * for all threads instead of once a message behind Jakarta's lock.
 */
final class DateField {

    /** The last second formatted, and how. */
    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private DateField() {
    }

    /** The Date header value for now. */
    static String now() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000L);
        Formatted f = last;
        if (f.second() != second) {
            // SimpleDateFormat is not thread-safe: each formatting has its own, once a second.
            f = new Formatted(second, new SimpleDateFormat("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
                    .format(new Date(second * 1000L)));
            last = f;
        }
        return f.value();
    }

    private record Formatted(long second, String value) {
    }
}
