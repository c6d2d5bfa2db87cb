package dev.mailover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The metadata that spring-boot-configuration-processor writes into the starter's jar, so that IDEs complete
 * and document every {@code mailover.*} property. (mailer-packaging-tests checks that the built jar holds it.)
 */
class ConfigurationMetadataTest {

    private static final Pattern ENTRY = Pattern.compile("\\{[^{}]*}");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DESCRIPTION = Pattern.compile("\"description\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static Map<String, String> properties() throws IOException {
        try (InputStream in = MailoverProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String properties = json.substring(json.indexOf("\"properties\""), json.indexOf("\"hints\""));
            Map<String, String> found = new LinkedHashMap<>();
            Matcher entry = ENTRY.matcher(properties);
            while (entry.find()) {
                Matcher name = NAME.matcher(entry.group());
                Matcher description = DESCRIPTION.matcher(entry.group());
                if (name.find()) {
                    found.put(name.group(1), description.find() ? description.group(1) : "");
                }
            }
            return found;
        }
    }

    @Test
    void everyMailoverPropertyIsListedWithADescription() throws IOException {
        Map<String, String> properties = properties();

        assertThat(properties.keySet()).containsExactlyInAnyOrder("mailover.dsn", "mailover.failover.deadline",
                "mailover.failover.ambiguity", "mailover.failover.probe-on-startup", "mailover.outbox.enabled",
                "mailover.outbox.workers", "mailover.outbox.retry.first", "mailover.outbox.retry.cap",
                "mailover.outbox.max-age", "mailover.outbox.lease", "mailover.outbox.poll-interval",
                "mailover.outbox.create-schema", "mailover.health.timeout");
        assertThat(properties).allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
    }
}
