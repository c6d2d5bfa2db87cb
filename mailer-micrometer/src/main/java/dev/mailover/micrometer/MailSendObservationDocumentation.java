package dev.mailover.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation around {@code Mailer.send} and its keys, for documentation and for custom conventions
 * that reuse the key names.
 */
public enum MailSendObservationDocumentation implements ObservationDocumentation {

    /**
     * One {@code Mailer.send} call, however many attempts it took: named {@code mail.delivery}, so that its
     * timer never meets the per-attempt {@code mail.send} timer of {@link MailerMetrics#listener}.
     */
    MAIL_DELIVERY {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultMailSendObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }
    };

    /** Keys that become meter tags and span attributes: each takes a small, fixed set of values. */
    public enum LowCardinalityKeyNames implements KeyName {
        /** The name of the mailer observed: {@code failover}, {@code smtp}, {@code outbox}, … */
        MAILER {
            @Override
            public String asString() {
                return "mailer";
            }
        },
        /** The transport that delivered, or the one whose failure decided; {@code none} when unknown. */
        TRANSPORT {
            @Override
            public String asString() {
                return MailTags.TRANSPORT;
            }
        },
        /** {@code delivered} or {@code failed}. */
        OUTCOME {
            @Override
            public String asString() {
                return MailTags.OUTCOME;
            }
        },
        /** The failure's kind in lower case ({@code connection_timeout}), or {@code none}. */
        KIND {
            @Override
            public String asString() {
                return MailTags.KIND;
            }
        }
    }

    /** Keys that become span attributes only. */
    public enum HighCardinalityKeyNames implements KeyName {
        /** How many attempts the send made, skipped ones included. */
        ATTEMPTS {
            @Override
            public String asString() {
                return "mail.attempts";
            }
        }
    }
}
