package dev.mailover.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relaxed canonicalisation against RFC 6376's own example (section 3.4.5) and its edge cases. */
class RelaxedCanonicalizationTest {

    @Test
    void headersOfTheRfcExampleCanonicalizeAsTheRfcShows() {
        HeaderFields h = HeaderFields.parse("A: X\r\nB : Y\t\r\n\tZ  \r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(h.select(List.of("A", "B"), List.of()).canonical()).isEqualTo("a:X\r\nb:Y Z\r\n");
    }

    @Test
    void bodyOfTheRfcExampleHashesAsItsCanonicalForm() throws Exception {
        assertThat(bodyHash(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(sha256(" C\r\nD E\r\n"));
    }

    @Test
    void bodyWithoutFinalLineEndGetsOneAndBareLineFeedsCountAsLineEnds() throws Exception {
        assertThat(bodyHash("one\ntwo  ")).isEqualTo(sha256("one\r\ntwo\r\n"));
    }

    @Test
    void emptyBodyAndBodyOfEmptyLinesHashAsNothing() throws Exception {
        assertThat(bodyHash("")).isEqualTo(sha256(""));
        assertThat(bodyHash("\r\n \r\n\t\r\n")).isEqualTo(sha256(""));
    }

    @Test
    void repeatedFieldsAreSignedBottomUpAndOversignedNamesListedOnceMore() {
        HeaderFields h = HeaderFields.parse("From: a@x\r\nTo: one\r\nTo: two\r\n".getBytes(StandardCharsets.US_ASCII));

        HeaderFields.Selection s = h.select(List.of("From", "To", "Cc"), List.of("From"));

        assertThat(s.names()).containsExactly("From", "To", "To", "From");
        assertThat(s.canonical()).isEqualTo("from:a@x\r\nto:two\r\nto:one\r\n");
    }

    private static byte[] bodyHash(String body) throws Exception {
        RelaxedBody b = new RelaxedBody(MessageDigest.getInstance("SHA-256"));
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        b.write(bytes, 0, bytes.length);
        return b.hash();
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    }
}
