package dev.mailover.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * On a test class ({@code @SpringBootTest}, a test slice, or any Spring test), replaces the application's
 * mailer with a {@link dev.mailover.test.RecordingMailer}: the starter then builds no mailer from
 * {@code mailover.dsn} (no connection, no outbox), an application's own Mailer bean is outranked (the
 * recording mailer is {@code @Primary}), and the test injects the {@code RecordingMailer} to see what was
 * sent. It is cleared before each test method, also when Spring reuses the context across test classes.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureRecordingMailer
 * class SignupTest {
 *     @Autowired SignupService signups;
 *     @Autowired RecordingMailer mailer;
 *
 *     @Test
 *     void aNewUserGetsAWelcomeEmail() {
 *         signups.register("ann@example.org");
 *         assertThat(mailer.assertSentTo("ann@example.org").subject()).contains("Welcome");
 *     }
 * }
 * }</pre>
 *
 * <p>Needs {@code dev.mailover:mailer-test} on the test class path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureRecordingMailer {
}
