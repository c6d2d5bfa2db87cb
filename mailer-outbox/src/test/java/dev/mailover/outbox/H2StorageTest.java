package dev.mailover.outbox;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on H2, as embedded(Path) opens it. */
class H2StorageTest extends StorageContract {

    @TempDir
    static Path folder;
    private static EmbeddedDatabase database;

    @BeforeAll
    static void open() {
        database = EmbeddedDatabase.open(folder, 8);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.H2;
    }
}
