package dev.mailover.failover;

import dev.mailover.Dsn;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.MailerListener;
import dev.mailover.Mailers;
import dev.mailover.SendResult;
import dev.mailover.internal.AsyncSends;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Mailer} that sends through several transports and decides, for each failure, what it
 * means: retry the same transport, fail over to the next, or stop.
 *
 * <pre>{@code
 * Mailer mailer = FailoverMailer.builder()
 *     .transport(smtp).transport(sendgrid)          // tried in this order
 *     .retry(2, Duration.ofMillis(200), Duration.ofSeconds(5))
 *     .deadline(Duration.ofSeconds(60))
 *     .build();
 * }</pre>
 *
 * <p>The decision follows the failure's {@link FailureKind}, in this order:
 * <ul>
 *   <li>A kind that does not {@link FailureKind#failsOver() fail over} ({@link FailureKind#RECIPIENT_REJECTED},
 *       {@link FailureKind#MESSAGE_REJECTED}) stops the send at once: another transport would refuse the
 *       same message.</li>
 *   <li>A failure that {@link MailException#possiblyDelivered() may have delivered} the message
 *       stops the send under {@link AmbiguityPolicy#FAIL}; under {@link AmbiguityPolicy#FAILOVER}
 *       (the default) it is handled like any other transport fault.</li>
 *   <li>A failure of the connection itself ({@link MailException#connectionFailed()}: DNS, refused,
 *       connect timeout, TLS, greeting) is not retried on the same transport while another one is
 *       untried: it would fail the same way. The send moves on at once.</li>
 *   <li>{@link FailureKind#RECIPIENT_DEFERRED} (greylisting, a full mailbox) moves on to the next
 *       transport, which may queue the message and retry it; with none left the send fails with that
 *       retryable kind.</li>
 *   <li>A {@link FailureKind#retryable() retryable} kind is retried on the same transport with
 *       exponential backoff and jitter, or after the server's {@link MailException#retryAfter()},
 *       as long as the wait fits in this transport's share of the time left; otherwise the send fails
 *       over at once.</li>
 *   <li>Every other failure fails over to the next transport.</li>
 * </ul>
 *
 * <p><b>Circuit breakers.</b> Each transport has its own Resilience4j circuit breaker. Only
 * {@link FailureKind#transportFault() transport faults} count as failures; a rejected or deferred
 * recipient and a rejected message count as successes of the path, and a transport that throws
 * something other than a {@code MailException} does not count at all (an
 * {@link IllegalArgumentException}, an email the transport cannot express, is reported as
 * {@link FailureKind#MESSAGE_REJECTED}; anything else as {@link FailureKind#UNKNOWN}, and the send
 * fails over). A failure of the connection itself opens the breaker at once. While a breaker is open
 * or half-open, user sends skip its transport instantly and list it as
 * {@link dev.mailover.Attempt.Outcome#SKIPPED}. The half-open trial is never a user's send: once the
 * breaker's open period is over, a background probe runs the transport's {@link Mailer#check()}; a
 * passing check closes the breaker, a failing one opens it for another period. So with the defaults
 * and a blackholed primary, the first send pays one connect timeout and later sends pay nothing until
 * the primary is healthy again.
 *
 * <p><b>Deadline.</b> One {@link Builder#deadline(Duration) deadline} bounds the whole send, and no
 * transport may spend it while others are untried: each attempt is given, through
 * {@link Mailer#send(Email, Duration)}, the time left minus 10 s for each transport still untried
 * after it whose breaker is closed, and at least an equal share of the time left. With the default
 * 60 s and two transports, the first may take 50 s and the second keeps at least 10 s; with a 10 s
 * deadline each gets at least 5 s.
 *
 * <p><b>Names.</b> Transports keep their {@link Mailer#name() names} in attempts, listener events,
 * breaker names and hints. When two share one, the later ones become {@code smtp-2}, {@code smtp-3},
 * … so that every transport stays distinct.
 *
 * <p>Thread-safe; share one instance and {@link #close()} it when the application stops.
 */
public final class FailoverMailer implements Mailer {

    /** The name of every failover mailer, as {@link #name()} returns it. */
    static final String NAME = "failover";

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);

    private final List<Transport> transports;
    private final Strategy strategy;
    private final AmbiguityPolicy ambiguity;
    private final Duration deadline;
    private final Listeners listeners;
    private final Executor executor;
    private final OpenBreakerProbe probe;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FailoverMailer(Builder b, List<Mailer> mailers) {
        this.strategy = b.strategy;
        this.ambiguity = b.ambiguity;
        this.deadline = b.deadline;
        this.listeners = new Listeners(b.listeners);
        this.executor = b.executor;
        Transport.RetryPolicy retry = new Transport.RetryPolicy(b.attemptsPerTransport, b.backoffStart, b.backoffCap);
        List<String> names = distinctNames(mailers.stream().map(Mailer::name).toList());
        List<Transport> list = new ArrayList<>();
        for (int i = 0; i < mailers.size(); i++) {
            Transport t = new Transport(mailers.get(i), names.get(i), b.circuitBreakerConfig, retry);
            t.breaker().getEventPublisher().onStateTransition(e ->
                    listeners.onCircuitStateChange(t.name(), e.getStateTransition().getToState().name()));
            list.add(t);
        }
        this.transports = List.copyOf(list);
        this.probe = new OpenBreakerProbe(transports, b.probeInterval, deadline);
        if (b.probeOnStartup) {
            openUnreachable();
        }
    }

    /** Starts a builder with the defaults described on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset from a {@code failover(DSN DSN …)} or {@code roundrobin(DSN DSN …)} DSN: its strategy
     * ({@code roundrobin} is {@link Strategy#ROUND_ROBIN}), its options and its transports, so that a caller
     * can add listeners or change settings before {@link Builder#build()}; {@link Mailers#fromDsn(String)}
     * builds failover DSNs this way. Options: {@code deadline} (a duration, default 60s); {@code retries}
     * (how many times a transport is retried after its first try, for retryable failures; default 1, 0 turns
     * retries off); {@code ambiguity} ({@code failover}, the default, or {@code fail}). The child DSNs become
     * transports in {@code build()}, before any added with {@link Builder#transport(Mailer)}; when one of
     * them is bad, those built before it are closed again and {@code build()} throws.
     *
     * @throws IllegalArgumentException when the DSN is not a failover or round-robin DSN, has no children, or
     *                                  has an unknown or malformed option, naming it
     */
    public static Builder builder(Dsn dsn) {
        Objects.requireNonNull(dsn, "dsn");
        if (!dsn.scheme().equals("failover") && !dsn.scheme().equals("roundrobin")) {
            throw new IllegalArgumentException("DSN " + dsn + ": not a failover(DSN DSN …) or roundrobin(DSN DSN …) DSN");
        }
        dsn.requireKnownOptions("deadline", "retries", "ambiguity");
        if (dsn.children().isEmpty()) {
            throw new IllegalArgumentException("DSN " + dsn.scheme() + ": write it as " + dsn.scheme() + "(DSN DSN …)");
        }
        Builder b = builder().strategy(dsn.scheme().equals("roundrobin") ? Strategy.ROUND_ROBIN : Strategy.PRIORITY);
        dsn.durationOption("deadline").ifPresent(b::deadline);
        dsn.intOption("retries").ifPresent(n -> {
            if (n < 0) {
                throw new IllegalArgumentException("DSN option retries: must be 0 or more, was " + n);
            }
            b.retry(n + 1, b.backoffStart, b.backoffCap);
        });
        dsn.option("ambiguity").map(FailoverMailer::ambiguity).ifPresent(b::ambiguity);
        b.dsnTransports.addAll(dsn.children());
        return b;
    }

    private static AmbiguityPolicy ambiguity(String value) {
        try {
            return AmbiguityPolicy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DSN option ambiguity: '" + value + "' is neither 'failover' nor 'fail'", e);
        }
    }

    /**
     * The circuit breaker configuration used when the builder is given none: a count-based window
     * of the last 3 calls that opens when all 3 failed (3 consecutive transport faults; a failure of
     * the connection itself opens it at once), stays open for 30 seconds, then lets 1 half-open trial,
     * made by the background probe, decide. Derive from it with
     * {@code CircuitBreakerConfig.from(FailoverMailer.defaultCircuitBreakerConfig())}.
     */
    public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(3)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(100)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }

    /**
     * Sends through the transports as described in the class documentation, within the deadline.
     *
     * @return the delivering transport, its message id, and every attempt, failed and skipped ones included
     * @throws MailException the decisive failure: its kind, its hint plus which transports were
     *                       tried, and every attempt in {@link MailException#attempts()}; after
     *                       {@link #close()}, {@link FailureKind#INVALID_CONFIGURATION} saying it is closed
     */
    @Override
    public SendResult send(Email email) {
        return send(email, deadline);
    }

    /**
     * Sends within the shorter of {@code timeLimit} and the configured deadline. A failover mailer
     * nested inside another one is given the outer one's time left this way.
     */
    @Override
    public SendResult send(Email email, Duration timeLimit) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (closed.get()) {
            throw closedFailure();
        }
        Duration budget = timeLimit.compareTo(deadline) < 0 ? timeLimit : deadline;
        return new FailoverSend(email, order(), ambiguity, listeners, budget).run();
    }

    /**
     * Sends without blocking the caller, on the executor given to the builder, or else on the
     * library's shared bounded pool. The future fails with the same {@link MailException} that
     * {@link #send(Email)} throws; after {@link #close()} it is already failed when returned.
     */
    @Override
    public CompletableFuture<SendResult> sendAsync(Email email) {
        Objects.requireNonNull(email, "email");
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedFailure());
        }
        return executor == null ? Mailer.super.sendAsync(email) : AsyncSends.submit(this, email, executor);
    }

    /**
     * Runs every transport's check, one after the other, and reports each one in
     * {@link HealthCheck#components()}. Healthy when at least one transport is. After
     * {@link #close()}, unhealthy with {@link FailureKind#INVALID_CONFIGURATION}. Never throws.
     */
    @Override
    public HealthCheck check() {
        long start = System.nanoTime();
        if (closed.get()) {
            return HealthCheck.unhealthy(closedFailure(), Duration.ofNanos(System.nanoTime() - start));
        }
        List<HealthCheck> checks = new ArrayList<>();
        for (Transport t : transports) {
            checks.add(t.check());
        }
        return HealthCheck.composite(NAME, checks, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Checks every transport at once, each within {@code timeLimit}, and reports each one in
     * {@link HealthCheck#components()} under the failover's name for it (the names
     * {@link #circuitState(String)} takes). Healthy when at least one transport is. A transport that has not
     * answered in time is reported unhealthy with {@link FailureKind#CONNECTION_TIMEOUT}; its check runs on
     * in the background, and while it does, later calls report that transport the same way at once instead
     * of starting another check. So a health endpoint that calls this often answers within about the limit,
     * even with a blackholed transport, and never piles up checks. Never throws.
     *
     * @param timeLimit how long to wait for the transports' checks
     */
    public HealthCheck check(Duration timeLimit) {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit: must be positive, was " + timeLimit);
        }
        long start = System.nanoTime();
        if (closed.get()) {
            return HealthCheck.unhealthy(closedFailure(), Duration.ofNanos(System.nanoTime() - start));
        }
        List<HealthCheck> checks = probe.checkEach(timeLimit);
        List<HealthCheck> named = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            named.add(renamed(checks.get(i), transports.get(i).name()));
        }
        return HealthCheck.composite(NAME, named, Duration.ofNanos(System.nanoTime() - start));
    }

    /** A transport's own check under the failover's name for it, when that differs and it has no components. */
    private static HealthCheck renamed(HealthCheck check, String name) {
        if (check.transport().equals(name) || !check.components().isEmpty()) {
            return check;
        }
        return check.healthy() ? HealthCheck.healthy(name, check.detail(), check.elapsed())
                : HealthCheck.unhealthy(name, check.failure().orElseThrow(), check.detail(), check.hint(), check.elapsed());
    }

    /** Always {@code failover}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Stops the background probe's threads and closes every transport. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        probe.close();
        transports.forEach(Transport::close);
    }

    private static MailException closedFailure() {
        return MailException.builder(FailoverReason.CLOSED.kind(), NAME)
                .detail("this failover mailer is closed")
                .hint(FailoverHints.hint(FailoverReason.CLOSED, Map.of()))
                .build();
    }

    /**
     * The transports' names, made distinct: the first of a name keeps it, later ones get
     * {@code -2}, {@code -3}, … (skipping names that another transport already has).
     */
    static List<String> distinctNames(List<String> names) {
        Set<String> taken = new HashSet<>(names);
        Set<String> used = new HashSet<>();
        List<String> distinct = new ArrayList<>(names.size());
        for (String name : names) {
            String unique = name;
            for (int n = 2; used.contains(unique); n++) {
                unique = name + "-" + n;
                if (taken.contains(unique)) {
                    unique = name; // another transport has that name of its own: keep counting
                }
            }
            used.add(unique);
            distinct.add(unique);
        }
        return distinct;
    }

    /**
     * For example {@code FailoverMailer{PRIORITY deadline=60000ms ambiguity=FAILOVER transports=[smtp CLOSED,
     * sendgrid OPEN]}}: each transport's name and breaker state, never a credential.
     */
    @Override
    public String toString() {
        return "FailoverMailer{" + strategy + " deadline=" + deadline.toMillis() + "ms ambiguity=" + ambiguity
                + " transports=" + transports.stream().map(Transport::toString).collect(Collectors.joining(", ", "[", "]"))
                + '}';
    }

    /**
     * The state of a transport's circuit breaker, by the failover's name for it (the mailer's own name, or
     * {@code smtp-2} … when that is taken): for a health indicator or an admin view.
     *
     * @throws IllegalArgumentException when no transport has that name
     */
    public CircuitBreaker.State circuitState(String transport) {
        return transports.stream().filter(t -> t.name().equals(transport)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("transport: no transport named " + transport))
                .breaker().getState();
    }

    /** This send's order: PRIORITY always from the first, ROUND_ROBIN from the next in turn. */
    private List<Transport> order() {
        if (strategy == Strategy.PRIORITY || transports.size() == 1) {
            return transports;
        }
        int first = Math.floorMod(turn.getAndIncrement(), transports.size());
        List<Transport> order = new ArrayList<>(transports.size());
        for (int i = 0; i < transports.size(); i++) {
            order.add(transports.get((first + i) % transports.size()));
        }
        return order;
    }

    /**
     * The startup probe: every transport is checked at once, each within the deadline, and one whose
     * check fails with a transport fault (or does not answer in time) starts with its breaker open,
     * remembering the kind, so skips and the all-skipped failure can name it.
     */
    private void openUnreachable() {
        List<HealthCheck> checks = probe.checkEach();
        for (int i = 0; i < transports.size(); i++) {
            checks.get(i).failure().filter(FailureKind::transportFault).ifPresent(transports.get(i)::open);
        }
    }

    /** Builds a {@link FailoverMailer}. Not thread-safe. */
    public static final class Builder {
        private final List<Mailer> transports = new ArrayList<>();
        private final List<Dsn> dsnTransports = new ArrayList<>();
        private Strategy strategy = Strategy.PRIORITY;
        private int attemptsPerTransport = 2;
        private Duration backoffStart = Duration.ofMillis(200);
        private Duration backoffCap = Duration.ofSeconds(5);
        private CircuitBreakerConfig circuitBreakerConfig = defaultCircuitBreakerConfig();
        private Duration deadline = Duration.ofSeconds(60);
        private AmbiguityPolicy ambiguity = AmbiguityPolicy.FAILOVER;
        private final List<MailerListener> listeners = new ArrayList<>();
        private Duration probeInterval = OpenBreakerProbe.DEFAULT_INTERVAL;
        private boolean probeOnStartup;
        private Executor executor;

        private Builder() {
        }

        /**
         * Adds a transport. Transports are tried in the order they are added. At least one is
         * required. A transport whose {@link Mailer#name() name} an earlier one already has is known
         * as {@code NAME-2}, {@code NAME-3}, … in attempts, events and hints.
         */
        public Builder transport(Mailer transport) {
            transports.add(Objects.requireNonNull(transport, "transport"));
            return this;
        }

        /** The order of transports for each send. Default {@link Strategy#PRIORITY}. */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * How each transport retries {@link FailureKind#retryable() retryable} failures.
         * Default {@code retry(2, 200 ms, 5 s)}.
         *
         * @param attemptsPerTransport tries per transport and send, at least 1 (1 means no retry)
         * @param backoffStart         the first backoff; each next one doubles, ±50 % jitter
         * @param backoffCap           the longest backoff; a server's retry-after is honoured even when longer,
         *                             as long as it fits in the deadline
         */
        public Builder retry(int attemptsPerTransport, Duration backoffStart, Duration backoffCap) {
            if (attemptsPerTransport < 1) {
                throw new IllegalArgumentException("attemptsPerTransport: must be at least 1, was " + attemptsPerTransport);
            }
            Objects.requireNonNull(backoffStart, "backoffStart");
            Objects.requireNonNull(backoffCap, "backoffCap");
            if (backoffStart.toMillis() < 1) {
                throw new IllegalArgumentException("backoffStart: must be at least 1 ms, was " + backoffStart);
            }
            if (backoffCap.compareTo(backoffStart) < 0) {
                throw new IllegalArgumentException("backoffCap: must be at least backoffStart (" + backoffStart
                        + "), was " + backoffCap);
            }
            this.attemptsPerTransport = attemptsPerTransport;
            this.backoffStart = backoffStart;
            this.backoffCap = backoffCap;
            return this;
        }

        /**
         * The configuration of each transport's circuit breaker. Only
         * {@link FailureKind#transportFault() transport faults} are recorded as failures; recipient
         * and message rejections count as successes of the path, and a failure of the connection
         * itself opens the breaker at once. Default
         * {@link FailoverMailer#defaultCircuitBreakerConfig()}: opens after 3 consecutive transport
         * faults, for 30 s.
         */
        public Builder circuitBreaker(CircuitBreakerConfig config) {
            this.circuitBreakerConfig = Objects.requireNonNull(config, "circuitBreaker");
            return this;
        }

        /**
         * The time budget of one whole send, across all transports, retries and waits. Each attempt
         * gets the time left minus 10 s for each transport still untried after it (but at least an
         * equal share of the time left), so no transport spends the deadline while others wait; when
         * it is spent the send fails with every attempt so far. Default 60 s. It also bounds each
         * check the background probe makes.
         */
        public Builder deadline(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline: must be positive, was " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /** What to do when a failure may have delivered the message. Default {@link AmbiguityPolicy#FAILOVER}. */
        public Builder ambiguity(AmbiguityPolicy ambiguity) {
            this.ambiguity = Objects.requireNonNull(ambiguity, "ambiguity");
            return this;
        }

        /**
         * Adds a listener for attempts, failovers and breaker state changes. Called on the sending
         * thread (state changes also on the probe thread); an exception it throws is logged and ignored.
         * Failovers and opened breakers are logged as warnings whether or not a listener is added.
         */
        public Builder listener(MailerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How often the background probe looks for circuit breakers whose open period is over.
         * Default 1 s. The breaker's configuration decides when a trial is due (30 s after it opened,
         * by default); the probe then makes it with the transport's {@link Mailer#check()} on a
         * daemon thread of its own, so no user's send pays for it: a passing check closes the breaker,
         * a failing one, or one that takes longer than the {@link #deadline(Duration) deadline},
         * opens it again. The probe's threads are named {@code mailover-failover-probe-N} and stop in
         * {@link FailoverMailer#close()}.
         */
        public Builder probeInterval(Duration interval) {
            Objects.requireNonNull(interval, "probeInterval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("probeInterval: must be positive, was " + interval);
            }
            this.probeInterval = interval;
            return this;
        }

        /**
         * When true, {@link #build()} checks every transport, all at once, and one that fails its
         * check (or does not answer within the {@link #deadline(Duration) deadline}) starts with its
         * breaker open, so the first message does not pay its connect timeout. Off by default; it
         * makes {@code build()} wait for the slowest check, at most the deadline.
         */
        public Builder probeOnStartup(boolean probeOnStartup) {
            this.probeOnStartup = probeOnStartup;
            return this;
        }

        /**
         * The executor of {@link FailoverMailer#sendAsync(Email)}; bound it. Default: the
         * library's shared bounded pool of daemon threads named {@code mailover-async-N}.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Creates the mailer. It owns its transports from now on and closes them in {@link FailoverMailer#close()}.
         *
         * @throws IllegalArgumentException when no transport was added, or a DSN given to
         *                                  {@link FailoverMailer#builder(Dsn)} holds a bad transport DSN
         */
        public FailoverMailer build() {
            if (transports.isEmpty() && dsnTransports.isEmpty()) {
                throw new IllegalArgumentException("transport: add at least one transport");
            }
            List<Mailer> mailers = new ArrayList<>();
            try {
                for (Dsn child : dsnTransports) {
                    mailers.add(Mailers.fromDsn(child));
                }
            } catch (RuntimeException e) {
                mailers.forEach(Builder::closeQuietly);
                throw e;
            }
            mailers.addAll(transports);
            return new FailoverMailer(this, mailers);
        }

        private static void closeQuietly(Mailer m) {
            try {
                m.close();
            } catch (RuntimeException e) {
                log.debug("closing {} after a failed DSN failed too", m.name(), e);
            }
        }
    }
}
