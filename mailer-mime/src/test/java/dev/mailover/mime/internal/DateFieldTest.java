package dev.mailover.mime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Email;
import jakarta.mail.Session;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Date;
import java.util.Properties;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class DateFieldTest {

    /** RFC 5322 section 3.3 date-time, with a numeric zone and no comment. */
    private static final String DATE_TIME =
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [1-9]\\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4}"
                    + " \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}";

    @Test
    void isAnRfc5322DateTimeForNowInTheDefaultZone() throws Exception {
        long before = System.currentTimeMillis();
        String value = DateField.now();
        long after = System.currentTimeMillis();

        assertThat(value).matches(DATE_TIME);
        Date parsed = new MailDateFormat().parse(value);
        assertThat(parsed.getTime()).isBetween(before - 1000, after);
        int offsetMinutes = TimeZone.getDefault().getOffset(parsed.getTime()) / 60_000;
        assertThat(value).endsWith(String.format("%s%02d%02d", offsetMinutes < 0 ? "-" : "+",
                Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60));
    }

    @Test
    void isTheDateHeaderOfEveryMessageWritten() throws Exception {
        Email email = Email.builder().from("a@example.com").to("b@example.org").subject("s").text("t").build();
        Session session = Session.getInstance(new Properties());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        MimeMessages.toMimeMessage(email, session).writeTo(raw);

        MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(raw.toByteArray()));
        assertThat(parsed.getHeader("Date", null)).matches(DATE_TIME);
        assertThat(parsed.getSentDate()).isCloseTo(new Date(), 2000);
    }
}
