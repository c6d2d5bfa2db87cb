package dev.mailover.internal;

import dev.mailover.FailureKind;

/**
 * Why a classifier decided what it did: one constant of a transport's own reason enum (for example
 * SMTP's "greeting timeout" or HTTP's "captive portal"). A reason fixes the failure's kind and selects
 * its hint in the transport's {@link HintTable}. Not API.
 */
public interface Reason {

    /** The kind of failure this reason is. */
    FailureKind kind();

    /** The enum constant's name, for logs and tests. */
    String name();
}
