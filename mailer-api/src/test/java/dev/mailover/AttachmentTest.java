package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentTest {

    @TempDir
    Path dir;

    @Test
    void copiesBytesOnTheWayIn() throws IOException {
        byte[] content = {1, 2, 3};
        Attachment a = Attachment.of("a.bin", "application/octet-stream", content);
        content[0] = 9;

        try (InputStream in = a.openStream()) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.isInline()).isFalse();
    }

    @Test
    void readsAFileWhenSentNotWhenCreated() throws IOException {
        Path file = dir.resolve("report.csv");
        Files.writeString(file, "a,b");
        Attachment a = Attachment.of("report.csv", "text/csv", file);
        Files.writeString(file, "a,b,c");

        try (InputStream in = a.openStream()) {
            assertThat(new String(in.readAllBytes())).isEqualTo("a,b,c");
        }
        assertThat(a.size()).isEqualTo(5);
        assertThat(a.path()).contains(file);
    }

    @Test
    void refusesAMissingFileAtOnce() {
        assertThatThrownBy(() -> Attachment.of("x.pdf", "application/pdf", dir.resolve("missing.pdf")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a readable file");
    }

    @Test
    void inlinePartsKeepTheirContentIdWithoutBrackets() {
        Attachment logo = Attachment.inline("<logo>", "logo.png", "image/png", new byte[] {1});

        assertThat(logo.contentId()).contains("logo");
        assertThat(logo.isInline()).isTrue();
    }

    @Test
    void refusesLineBreaksAndBadContentTypes() {
        assertThatThrownBy(() -> Attachment.of("a\r\n.pdf", "application/pdf", new byte[0]))
                .hasMessageStartingWith("attachment filename:");
        assertThatThrownBy(() -> Attachment.of("a.pdf", "pdf", new byte[0]))
                .hasMessage("attachment content type: 'pdf' is not of the form type/subtype");
        assertThatThrownBy(() -> Attachment.inline("a b", "a.png", "image/png", new byte[0]))
                .hasMessageStartingWith("attachment content id:");
    }
}
