package dev.mailover.spring.test;

import dev.mailover.test.RecordingMailer;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.util.ClassUtils;

/**
 * Clears every {@link RecordingMailer} bean before each test method, so that a test sees only what it sent
 * itself, even when Spring's test context cache hands the same context to many test classes. Registered in
 * {@code META-INF/spring.factories}; it does nothing without mailer-test on the class path, and never loads a
 * context that is not loaded yet.
 */
public final class RecordingMailerTestExecutionListener extends AbstractTestExecutionListener {

    private static final boolean RECORDING_MAILER_PRESENT = ClassUtils.isPresent("dev.mailover.test.RecordingMailer",
            RecordingMailerTestExecutionListener.class.getClassLoader());

    /** Created by the Spring TestContext Framework. */
    public RecordingMailerTestExecutionListener() {
    }

    /** Late, after the listeners that prepare the test instance. */
    @Override
    public int getOrder() {
        return 5_000;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (RECORDING_MAILER_PRESENT && testContext.hasApplicationContext()) {
            Recordings.clear(testContext);
        }
    }

    /** Kept apart, so that the listener loads without mailer-test. */
    private static final class Recordings {
        static void clear(TestContext testContext) {
            testContext.getApplicationContext().getBeanProvider(RecordingMailer.class).forEach(RecordingMailer::clear);
        }
    }
}
