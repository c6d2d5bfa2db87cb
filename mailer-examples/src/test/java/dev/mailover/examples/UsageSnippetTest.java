package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Usage snippet works as written: it is taken from README.md, compiled, and run as its
 * own program against a real SMTP server (GreenMail), without MAILER_DSN, and against a closed port.
 */
class UsageSnippetTest {

    private static final Path README = Path.of("../README.md");
    private static final Pattern USAGE = Pattern.compile("## Usage\\s+```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @TempDir
    static Path classes;
    private static String mainClass;

    @BeforeAll
    static void compileTheSnippet() throws IOException {
        Matcher usage = USAGE.matcher(Files.readString(README, StandardCharsets.UTF_8));
        assertThat(usage.find()).as("README.md has a ## Usage section with a java block").isTrue();
        String source = usage.group(1);
        Matcher name = CLASS_NAME.matcher(source);
        assertThat(name.find()).as("the snippet is a whole program").isTrue();
        mainClass = name.group(1);
        Path file = Files.writeString(classes.resolve(mainClass + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", classPath(), file.toString());
        assertThat(status).as("the snippet compiles as written").isZero();
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static Result runSnippet(Map<String, String> environment) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + classPath(), mainClass);
        pb.environment().remove("MAILER_DSN");
        pb.environment().putAll(environment);
        pb.redirectOutput(classes.resolve("out.txt").toFile()).redirectError(classes.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the snippet finishes").isTrue();
        return new Result(p.exitValue(), Files.readString(classes.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String err) {
    }

    @Test
    void theSnippetSendsThroughARealServer() throws Exception {
        try (SmtpServers smtp = new SmtpServers()) {
            Result r = runSnippet(Map.of("MAILER_DSN", "smtp://127.0.0.1:" + smtp.plainPort() + "?security=none"));

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(smtp.greenMail().getReceivedMessages()).hasSize(1);
            assertThat(smtp.greenMail().getReceivedMessages()[0].getSubject()).isEqualTo("Your order #1234");
        }
    }

    @Test
    void withoutMailerDsnTheSnippetSaysWhatToSet() throws Exception {
        Result r = runSnippet(Map.of());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Set MAILER_DSN").doesNotContain("Exception");
    }

    @Test
    void aFailureIsLoggedWithItsKindAndHint() throws Exception {
        Result r = runSnippet(Map.of("MAILER_DSN", "smtp://127.0.0.1:" + ClosedPort.find() + "?security=none"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(List.of(r.err())).allMatch(e -> e.contains("CONNECTION_REFUSED: nothing accepts connections"));
    }
}
