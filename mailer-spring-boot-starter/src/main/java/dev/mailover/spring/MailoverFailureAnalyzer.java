package dev.mailover.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@code mailover.*} property that cannot work (a malformed DSN, an unknown scheme or option, an
 * outbox without a DataSource, …) into Spring Boot's readable startup failure: a description that names the
 * property and the reason, and an action. Neither ever holds a secret of the DSN. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class MailoverFailureAnalyzer extends AbstractFailureAnalyzer<MailoverPropertyException> {

    /** Created by Spring Boot. */
    public MailoverFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MailoverPropertyException cause) {
        return new FailureAnalysis("Mailover could not be configured. " + cause.getMessage(), cause.action(), cause);
    }
}
