package dev.mailover;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a troubleshooting run such as {@code SmtpProbe}: every step that was checked, on
 * every port, whether mail can flow, and one recommendation a person can act on.
 */
public final class Diagnosis {

    private final String target;
    private final List<Finding> findings;
    private final boolean healthy;
    private final String recommendation;

    private Diagnosis(Builder b) {
        this.target = b.target;
        this.findings = List.copyOf(b.findings);
        this.healthy = b.healthy;
        this.recommendation = Objects.requireNonNull(b.recommendation, "recommendation");
    }

    /** Starts a diagnosis. */
    public static Builder builder() {
        return new Builder();
    }

    /** What was diagnosed, for example {@code smtp.example.com}. */
    public String target() {
        return target;
    }

    /** Every step, in the order it ran. */
    public List<Finding> findings() {
        return findings;
    }

    /** True when at least one complete path works, so mail can be sent. */
    public boolean healthy() {
        return healthy;
    }

    /** What to do, for example "use 587 with STARTTLS". */
    public String recommendation() {
        return recommendation;
    }

    /**
     * A readable report: one line per step, marked {@code [PASS]}, {@code [WARN]} or {@code [FAIL]}, the
     * hint under each that has one, grouped by subject and port, then the recommendation.
     */
    public String report() {
        StringBuilder r = new StringBuilder();
        r.append("Diagnosis of ").append(target).append(": ").append(healthy ? "HEALTHY" : "PROBLEMS FOUND").append('\n');
        int width = Math.max(12, findings.stream().mapToInt(f -> f.step().length()).max().orElse(0));
        String hintIndent = " ".repeat(4 + 7 + width + 1) + "-> ";
        String group = null;
        for (Finding f : findings) {
            String g = f.subject().isEmpty() ? (f.port() == 0 ? "host" : "port " + f.port())
                    : f.subject() + (f.port() == 0 ? "" : " (port " + f.port() + ")");
            if (!g.equals(group)) {
                group = g;
                r.append("  ").append(g).append('\n');
            }
            r.append(String.format("    [%-4s] %-" + width + "s %s%n", f.status(), f.step(), f.detail()));
            if (!f.hint().isEmpty()) {
                r.append(hintIndent).append(f.hint()).append('\n');
            }
        }
        r.append("Recommendation: ").append(recommendation).append('\n');
        return r.toString();
    }

    @Override
    public String toString() {
        return report();
    }

    /** Builds a {@link Diagnosis}. Not thread-safe. */
    public static final class Builder {
        private String target = "";
        private final List<Finding> findings = new ArrayList<>();
        private boolean healthy;
        private String recommendation = "";

        private Builder() {
        }

        /** What is being diagnosed. */
        public Builder target(String target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** Adds one step. */
        public Builder finding(Finding finding) {
            findings.add(Objects.requireNonNull(finding, "finding"));
            return this;
        }

        /** Whether mail can be sent along at least one path. */
        public Builder healthy(boolean healthy) {
            this.healthy = healthy;
            return this;
        }

        /** The one recommendation. */
        public Builder recommendation(String recommendation) {
            this.recommendation = recommendation;
            return this;
        }

        /** Creates the diagnosis. */
        public Diagnosis build() {
            return new Diagnosis(this);
        }
    }
}
