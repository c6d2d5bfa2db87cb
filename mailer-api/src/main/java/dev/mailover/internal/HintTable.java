package dev.mailover.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to tell a person about a failure, as a table looked up by (reason, port, mode), one table per
 * transport: a new situation adds a row, not a branch. Rows are tried in order, so specific rows (a
 * port, a security mode) come before the general row every reason must have; {@link Builder#build()}
 * refuses a table that leaves a reason without one. Templates name values in braces, such as
 * {@code {host}} or {@code {port}}, filled from the values the classifier observed. Immutable; not API.
 *
 * @param <R> the transport's reason enum
 */
public final class HintTable<R extends Enum<R> & Reason> {

    /** Any port. */
    public static final int ANY_PORT = 0;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private record Row<R>(R reason, int port, Object mode, String template) {
        boolean matches(R r, int p, Object m) {
            return reason == r && (port == ANY_PORT || port == p) && (mode == null || mode.equals(m));
        }
    }

    private final List<Row<R>> rows;

    private HintTable(List<Row<R>> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Starts a table for the reasons of {@code type}. */
    public static <R extends Enum<R> & Reason> Builder<R> builder(Class<R> type) {
        return new Builder<>(type);
    }

    /** The hint for this situation with its values filled in; a missing value leaves its placeholder's name. */
    public String hint(R reason, int port, Object mode, Map<String, String> values) {
        for (Row<R> row : rows) {
            if (row.matches(reason, port, mode)) {
                return fill(row.template(), values);
            }
        }
        throw new AssertionError("no hint row for " + reason + ": the builder checks every reason has one");
    }

    /** The hint for a reason whose rows do not depend on the port or mode. */
    public String hint(R reason, Map<String, String> values) {
        return hint(reason, ANY_PORT, null, values);
    }

    /** Every template of the table, for tests that check each renders. */
    public List<String> templates() {
        return rows.stream().map(Row::template).toList();
    }

    /** The placeholder names a template uses. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new java.util.LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group(1) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Builds a {@link HintTable}; rows keep the order they are added in. */
    public static final class Builder<R extends Enum<R> & Reason> {
        private final Class<R> type;
        private final List<Row<R>> rows = new ArrayList<>();

        private Builder(Class<R> type) {
            this.type = type;
        }

        /** The general hint for a reason, whatever the port or mode. */
        public Builder<R> row(R reason, String template) {
            return row(reason, ANY_PORT, null, template);
        }

        /** A hint for a reason on one port ({@link #ANY_PORT} for any) and one mode (null for any). */
        public Builder<R> row(R reason, int port, Object mode, String template) {
            rows.add(new Row<>(Objects.requireNonNull(reason, "reason"), port, mode,
                    Objects.requireNonNull(template, "template")));
            return this;
        }

        /**
         * The table.
         *
         * @throws IllegalStateException when a reason has no general row (any port, any mode)
         */
        public HintTable<R> build() {
            Set<R> general = EnumSet.noneOf(type);
            for (Row<R> row : rows) {
                if (row.port() == ANY_PORT && row.mode() == null) {
                    general.add(row.reason());
                }
            }
            Set<R> missing = EnumSet.allOf(type);
            missing.removeAll(general);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("hint table for " + type.getSimpleName() + " has no general row for "
                        + missing);
            }
            return new HintTable<>(rows);
        }
    }
}
