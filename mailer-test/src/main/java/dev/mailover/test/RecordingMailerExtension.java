package dev.mailover.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh {@link RecordingMailer}: declare a parameter of
 * that type on a test method (or on a {@code @BeforeEach} method, which then gets the same instance
 * as the test) and it is created for the test and closed after it.
 *
 * <pre>{@code
 * @ExtendWith(RecordingMailerExtension.class)
 * class OrderServiceTest {
 *     @Test
 *     void confirmationGoesToTheCustomer(RecordingMailer mailer) {
 *         new OrderService(mailer).confirm(order);
 *         mailer.assertSentTo("customer@example.org");
 *     }
 * }
 * }</pre>
 *
 * <p>Needs JUnit Jupiter on the test class path; the rest of this module does not.
 */
public final class RecordingMailerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RecordingMailerExtension.class);

    /** Created by JUnit. */
    public RecordingMailerExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RecordingMailer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // JUnit closes an AutoCloseable value (every Mailer is one) when it discards the test's store.
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(RecordingMailer.class, k -> RecordingMailer.create(), RecordingMailer.class);
    }
}
