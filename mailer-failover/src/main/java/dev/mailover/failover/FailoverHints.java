package dev.mailover.failover;

import static dev.mailover.failover.FailoverReason.*;

import dev.mailover.internal.HintTable;
import java.util.Map;

/**
 * What to tell a person about a failover send that failed, or about a transport the failover found
 * at fault: the one {@link HintTable} of the failover, by {@link FailoverReason}; its build refuses a
 * reason without a row. Templates name values in braces: {@code {hint}} (the decisive transport
 * failure's own hint, as a sentence), {@code {tried}} (which transports were tried and skipped, as a
 * sentence, or empty), {@code {untried}} (the transports that never had a turn), {@code {transport}},
 * {@code {exception}} (what a transport threw) and {@code {limit}} (the check timeout).
 */
final class FailoverHints {

    /** A transport's failure passed on: its hint, then what the failover tried. */
    private static final String PASSED_ON = "{hint} {tried}";
    private static final String GIVE_EVERY_TRANSPORT_A_TURN = "Raise the failover deadline, or lower the transports'"
            + " timeouts so that every transport gets a turn. Not tried: {untried}.";

    static final HintTable<FailoverReason> TABLE = HintTable.builder(FailoverReason.class)
            .row(STOPPED, PASSED_ON)
            .row(EVERY_TRANSPORT_FAILED, PASSED_ON)
            .row(ALL_BREAKERS_OPEN, "Every transport failed recently and is resting while the background probe checks"
                    + " it; see the warnings logged when each breaker opened, or the transports' check(). {tried}")
            .row(DEADLINE_SPENT, PASSED_ON)
            .row(DEADLINE_SPENT_UNTRIED, PASSED_ON + " " + GIVE_EVERY_TRANSPORT_A_TURN)
            .row(INTERRUPTED, PASSED_ON + " The send was interrupted while it waited to retry.")
            .row(DEADLINE_BEFORE_ANY_ANSWER, GIVE_EVERY_TRANSPORT_A_TURN)
            .row(CLOSED, "Build a new FailoverMailer; a closed one sends nothing and has closed its transports.")
            .row(EMAIL_REFUSED_BY_TRANSPORT, "Change the email as the detail says; {transport} cannot express it as it"
                    + " is.")
            .row(TRANSPORT_BUG, "{transport} threw {exception} instead of a MailException, a bug in that transport:"
                    + " please report it. The send went on with the next transport; the breaker does not count it.")
            .row(CHECK_TIMED_OUT, "{transport} did not answer its check within {limit}; check its host, port and"
                    + " timeouts.")
            .row(PROBE_CLOSING, "The failover mailer is closing; build a new one to check its transports.")
            .build();

    private FailoverHints() {
    }

    /** The hint for {@code reason} with {@code values} filled in, its spaces tidied where a value was empty. */
    static String hint(FailoverReason reason, Map<String, String> values) {
        return TABLE.hint(reason, values).replaceAll(" {2,}", " ").strip();
    }

    /** A hint as a sentence: "use 587 with STARTTLS" becomes "use 587 with STARTTLS."; empty stays empty. */
    static String sentence(String hint) {
        String h = hint.strip();
        if (h.isEmpty()) {
            return h;
        }
        char last = h.charAt(h.length() - 1);
        return last == '.' || last == '!' || last == '?' ? h : h + ".";
    }
}
