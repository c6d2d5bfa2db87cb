package dev.mailover.outbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A process builder for a child JVM that runs a main class of these tests, on this JVM's class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * @param maxHeap for example {@code "128m"}
     */
    static ProcessBuilder of(String maxHeap, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
