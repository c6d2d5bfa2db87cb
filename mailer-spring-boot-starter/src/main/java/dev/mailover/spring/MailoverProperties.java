package dev.mailover.spring;

import dev.mailover.failover.AmbiguityPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mailover's Spring Boot properties, all under {@code mailover}. A property left unset keeps the library's
 * own default (given in each property's documentation), so the starter never has defaults of its own that
 * could drift from the library's.
 */
@ConfigurationProperties("mailover")
public class MailoverProperties {

    /**
     * The mailer to build, as one DSN, for example 'smtp://user:pass@smtp.example.com:587',
     * 'sendgrid+api://KEY@default' or 'failover(smtp://… sendgrid+api://…)'. Without it, and
     * without a Mailer bean of the application's own, there is no Mailer bean. Percent-encode @ / ? # ( ) and
     * spaces in user names and passwords.
     */
    private String dsn;

    private final Failover failover = new Failover();

    private final Outbox outbox = new Outbox();

    private final Health health = new Health();

    /** Creates the properties with nothing set. */
    public MailoverProperties() {
    }

    /**
     * The mailer's DSN.
     *
     * @return the DSN, or null when unset
     */
    public String getDsn() {
        return dsn;
    }

    /**
     * Sets the mailer's DSN.
     *
     * @param dsn the DSN
     */
    public void setDsn(String dsn) {
        this.dsn = dsn;
    }

    /**
     * Settings of a {@code failover(…)} or {@code roundrobin(…)} DSN.
     *
     * @return the failover settings
     */
    public Failover getFailover() {
        return failover;
    }

    /**
     * Settings of the durable outbox in front of the mailer.
     *
     * @return the outbox settings
     */
    public Outbox getOutbox() {
        return outbox;
    }

    /**
     * Settings of the {@code mailover} health contributor.
     *
     * @return the health settings
     */
    public Health getHealth() {
        return health;
    }

    /**
     * Settings applied to the failover mailer that a {@code failover(…)} or {@code roundrobin(…)} DSN
     * describes. They override the DSN's own options of the same name; with a DSN of a single transport,
     * setting any of them is a startup failure.
     */
    public static class Failover {

        /**
         * The time budget of one whole send, across all transports, retries and waits. Default: the DSN's
         * deadline option, else 60s.
         */
        private Duration deadline;

        /**
         * What to do when a failure may have delivered the message (the connection broke after it was handed
         * over): fail over to the next transport (a duplicate is possible) or fail. Default: the DSN's
         * ambiguity option, else failover.
         */
        private AmbiguityPolicy ambiguity;

        /**
         * Whether to check every transport at startup, so that one found unreachable starts with its circuit
         * breaker open and the first email does not pay its connect timeout. Startup then waits for the
         * slowest check, at most the deadline. Default: false.
         */
        private Boolean probeOnStartup;

        /** Creates the settings with nothing set. */
        public Failover() {
        }

        /**
         * The whole-send deadline.
         *
         * @return the deadline, or null when unset
         */
        public Duration getDeadline() {
            return deadline;
        }

        /**
         * Sets the whole-send deadline.
         *
         * @param deadline the deadline
         */
        public void setDeadline(Duration deadline) {
            this.deadline = deadline;
        }

        /**
         * The policy for possibly delivered messages.
         *
         * @return the policy, or null when unset
         */
        public AmbiguityPolicy getAmbiguity() {
            return ambiguity;
        }

        /**
         * Sets the policy for possibly delivered messages.
         *
         * @param ambiguity the policy
         */
        public void setAmbiguity(AmbiguityPolicy ambiguity) {
            this.ambiguity = ambiguity;
        }

        /**
         * Whether transports are checked at startup.
         *
         * @return true or false, or null when unset
         */
        public Boolean getProbeOnStartup() {
            return probeOnStartup;
        }

        /**
         * Sets whether transports are checked at startup.
         *
         * @param probeOnStartup true to check them
         */
        public void setProbeOnStartup(Boolean probeOnStartup) {
            this.probeOnStartup = probeOnStartup;
        }

        boolean anySet() {
            return deadline != null || ambiguity != null || probeOnStartup != null;
        }
    }

    /**
     * The durable outbox: with {@code enabled}, the Mailer bean is an {@code Outbox} on the application's
     * DataSource, whose {@code send} returns once the email is stored, and whose relay workers deliver it
     * through the mailer of {@code mailover.dsn}.
     */
    public static class Outbox {

        /**
         * Whether the Mailer bean is a durable outbox on the application's DataSource (needs
         * dev.mailover:mailer-outbox and a DataSource bean). Default: false.
         */
        private boolean enabled;

        /**
         * Relay threads in this process, 0 to 64; 0 makes an outbox that only enqueues (another process
         * relays). Default: 2.
         */
        private Integer workers;

        private final Retry retry = new Retry();

        /**
         * How long an entry is retried, counted from when it was queued, before it ends FAILED. Default: 5d.
         */
        private Duration maxAge;

        /**
         * A worker's hold on an entry, renewed while it sends; a crashed worker's entries are taken over after
         * about one lease. At least 1s. Default: 60s.
         */
        private Duration lease;

        /**
         * How often an idle relay looks for due entries (one indexed query); a send in this process wakes it at
         * once. At least 10ms. Default: 1s.
         */
        private Duration pollInterval;

        /**
         * Whether the outbox creates its tables when they are missing. Set it to false when a Flyway or
         * Liquibase migration creates them from the scripts in mailer-outbox's jar. Default: true.
         */
        private Boolean createSchema;

        /** Creates the settings with nothing set. */
        public Outbox() {
        }

        /**
         * Whether the outbox is enabled.
         *
         * @return true when enabled
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Enables or disables the outbox.
         *
         * @param enabled true to enable it
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The number of relay threads.
         *
         * @return the number, or null when unset
         */
        public Integer getWorkers() {
            return workers;
        }

        /**
         * Sets the number of relay threads.
         *
         * @param workers the number, 0 to 64
         */
        public void setWorkers(Integer workers) {
            this.workers = workers;
        }

        /**
         * The retry schedule.
         *
         * @return the retry settings
         */
        public Retry getRetry() {
            return retry;
        }

        /**
         * The longest time an entry is retried.
         *
         * @return the age, or null when unset
         */
        public Duration getMaxAge() {
            return maxAge;
        }

        /**
         * Sets the longest time an entry is retried.
         *
         * @param maxAge the age
         */
        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        /**
         * A worker's lease on an entry.
         *
         * @return the lease, or null when unset
         */
        public Duration getLease() {
            return lease;
        }

        /**
         * Sets a worker's lease on an entry.
         *
         * @param lease the lease
         */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /**
         * The idle relay's poll interval.
         *
         * @return the interval, or null when unset
         */
        public Duration getPollInterval() {
            return pollInterval;
        }

        /**
         * Sets the idle relay's poll interval.
         *
         * @param pollInterval the interval
         */
        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        /**
         * Whether missing tables are created.
         *
         * @return true or false, or null when unset
         */
        public Boolean getCreateSchema() {
            return createSchema;
        }

        /**
         * Sets whether missing tables are created.
         *
         * @param createSchema true to create them
         */
        public void setCreateSchema(Boolean createSchema) {
            this.createSchema = createSchema;
        }

        /**
         * The outbox's retry schedule: the delay doubles after each failure from {@code first} up to
         * {@code cap}, spread by ±20%, and is never shorter than the server's retry-after. Set both or
         * neither.
         */
        public static class Retry {

            /** The delay before the first retry. Default: 30s. */
            private Duration first;

            /** The longest delay between two attempts. Default: 1h. */
            private Duration cap;

            /** Creates the settings with nothing set. */
            public Retry() {
            }

            /**
             * The first retry's delay.
             *
             * @return the delay, or null when unset
             */
            public Duration getFirst() {
                return first;
            }

            /**
             * Sets the first retry's delay.
             *
             * @param first the delay
             */
            public void setFirst(Duration first) {
                this.first = first;
            }

            /**
             * The longest delay.
             *
             * @return the delay, or null when unset
             */
            public Duration getCap() {
                return cap;
            }

            /**
             * Sets the longest delay.
             *
             * @param cap the delay
             */
            public void setCap(Duration cap) {
                this.cap = cap;
            }
        }
    }

    /**
     * The {@code mailover} health contributor. Turn it off with {@code management.health.mailover.enabled=false}.
     */
    public static class Health {

        /**
         * How long the health contributor waits for the transports' checks. A transport that has not answered
         * by then is reported down with CONNECTION_TIMEOUT while its check runs on in the background; no second
         * check of it starts until that one ends. Default: 5s.
         */
        private Duration timeout = Duration.ofSeconds(5);

        /** Creates the settings with the default timeout. */
        public Health() {
        }

        /**
         * How long the health contributor waits.
         *
         * @return the timeout
         */
        public Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets how long the health contributor waits.
         *
         * @param timeout the timeout
         */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
