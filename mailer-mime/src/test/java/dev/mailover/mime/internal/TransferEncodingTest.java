package dev.mailover.mime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferEncodingTest {

    @Test
    void shortLinesOfAsciiAreSevenBit() {
        assertThat(TransferEncoding.of("Hello,\r\nyour order shipped.\r\n")).isEqualTo(TransferEncoding.SEVEN_BIT);
        assertThat(TransferEncoding.of(line(998).repeat(20))).isEqualTo(TransferEncoding.SEVEN_BIT);
    }

    @Test
    void aLineOverNineHundredNinetyEightBytesIsQuotedPrintable() {
        String text = line(100).repeat(40) + "x".repeat(999) + "\r\n";

        assertThat(TransferEncoding.of(text)).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
        assertThat(TransferEncoding.of(line(998).repeat(20) + "y".repeat(999))).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
    }

    @Test
    void mostlyAsciiWithSomeAccentsIsQuotedPrintableAndMostlyNonAsciiIsBase64() {
        assertThat(TransferEncoding.of(line(70).repeat(200) + "Grüße")).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
        assertThat(TransferEncoding.of("日本語のテキスト\r\n".repeat(2000))).isEqualTo(TransferEncoding.BASE64);
    }

    @Test
    void aLoneCrOrLfEndsALineAndATabCountsInItsLength() {
        assertThat(TransferEncoding.of("m".repeat(600) + "\r" + "m".repeat(600))).isEqualTo(TransferEncoding.SEVEN_BIT);
        assertThat(TransferEncoding.of("m".repeat(600) + "\n" + "m".repeat(600))).isEqualTo(TransferEncoding.SEVEN_BIT);
        assertThat(TransferEncoding.of("\t".repeat(998))).isEqualTo(TransferEncoding.SEVEN_BIT);
        assertThat(TransferEncoding.of("\t".repeat(999))).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
        assertThat(TransferEncoding.of(line(10) + "m".repeat(999))).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
    }

    @Test
    void aControlCharacterOrDelAfterPlainAsciiIsCountedLikeAnyOtherText() {
        assertThat(TransferEncoding.of(line(70).repeat(100) + "\u0007")).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
        assertThat(TransferEncoding.of(line(70).repeat(100) + "\u007f")).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
        assertThat(TransferEncoding.of("\u0000".repeat(10))).isEqualTo(TransferEncoding.BASE64);
        assertThat(TransferEncoding.of("x".repeat(1200) + "é")).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
    }

    private static String line(int length) {
        return "m".repeat(length) + "\r\n";
    }
}
