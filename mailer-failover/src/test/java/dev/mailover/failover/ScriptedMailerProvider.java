package dev.mailover.failover;

import dev.mailover.Dsn;
import dev.mailover.FailureKind;
import dev.mailover.Mailer;
import dev.mailover.MailerProvider;
import java.util.Locale;
import java.util.Set;

/**
 * Test fixture: the DSN scheme {@code scripted://NAME?fail=KIND} builds a {@link ScriptedMailer}
 * named NAME that always fails with KIND, or always delivers without {@code fail}.
 */
public final class ScriptedMailerProvider implements MailerProvider {

    /** Called by the ServiceLoader. */
    public ScriptedMailerProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("scripted");
    }

    @Override
    public Mailer create(Dsn dsn) {
        dsn.requireKnownOptions("fail");
        ScriptedMailer m = ScriptedMailer.named(dsn.host());
        dsn.option("fail").ifPresent(kind -> m.then(ScriptedMailer.fail(FailureKind.valueOf(kind.toUpperCase(Locale.ROOT)))));
        return m;
    }
}
