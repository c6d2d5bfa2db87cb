package dev.mailover.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The zero-config storage: an H2 database in files under one folder, opened in this process through H2's own
 * small connection pool. H2 is an optional dependency of the module: this class is loaded only after
 * {@link Outbox.Builder} checked that H2 is on the class path.
 */
final class EmbeddedDatabase implements AutoCloseable {

    /** The database's base name inside the folder; H2 adds {@code .mv.db}. */
    static final String NAME = "outbox";

    private final JdbcConnectionPool pool;

    private EmbeddedDatabase(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * The statement that writes every commit so far to the database file. H2 writes commits lazily (within half a
     * second, by default), which a killed process would lose; the outbox runs this after each commit that must
     * survive (a stored email, a recorded outcome), so those are in the file when the call returns, and concurrent
     * callers share one write. Claims and lease renewals, which a crash may lose harmlessly, are not flushed. H2
     * does not force the file to the disk, so a power loss may still lose the last commits.
     */
    static final String FLUSH = "CHECKPOINT";

    /** Opens (creating when needed) the database in {@code folder}. */
    static EmbeddedDatabase open(Path folder, int maxConnections) {
        Path dir = folder.toAbsolutePath().normalize();
        String path = dir.resolve(NAME).toString();
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("embedded: the folder " + dir + " contains ';', which H2 URLs cannot hold");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded: cannot create the outbox folder " + dir, e);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + path, "sa", "");
        pool.setMaxConnections(maxConnections);
        return new EmbeddedDatabase(pool);
    }

    DataSource dataSource() {
        return pool;
    }

    /** Closes every connection, which closes the database (H2 compacts its file then). */
    @Override
    public void close() {
        pool.dispose();
    }
}
