package dev.mailover.examples;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.mailover.outbox.Outbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where an {@code outbox} command finds the outbox: {@code --outbox DIR}, the folder of an embedded one, or
 * {@code --jdbc-url URL} with {@code --user} and a password from {@code --password-env VAR} or a prompt, never
 * from the command line. The outbox is opened to read and change entries only: no relay, no schema created.
 */
final class OutboxStorageOptions {

    /** Seconds to wait for the database to accept a connection, and for any answer on it. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int SOCKET_TIMEOUT_SECONDS = 60;
    /** A password in the URL: a {@code password=} parameter, or {@code user:password@} before the host. */
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)([?&;]password=)|(//[^/?@]*:[^/?@]*@)");

    /** A JDBC URL prefix and how to make a DataSource for it. */
    private record Driver(String prefix, Function<Credentials, DataSource> dataSource) {
    }

    private record Credentials(String url, String user, String password) {
    }

    /** The databases the outbox runs on, by URL prefix; their drivers ship in mailover.jar. */
    private static final List<Driver> DRIVERS = List.of(
            new Driver("jdbc:postgresql:", c -> {
                PGSimpleDataSource d = new PGSimpleDataSource();
                d.setURL(c.url());
                if (c.user() != null) {
                    d.setUser(c.user());
                }
                d.setPassword(c.password());
                d.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
                d.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
                return d;
            }),
            new Driver("jdbc:mysql:", c -> {
                MysqlDataSource d = new MysqlDataSource();
                d.setURL(c.url());
                if (c.user() != null) {
                    d.setUser(c.user());
                }
                d.setPassword(c.password());
                try {
                    d.setConnectTimeout(CONNECT_TIMEOUT_SECONDS * 1000);
                    d.setSocketTimeout(SOCKET_TIMEOUT_SECONDS * 1000);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("cannot set the MySQL driver's timeouts", e);
                }
                return d;
            }),
            new Driver("jdbc:h2:", c -> {
                JdbcDataSource d = new JdbcDataSource();
                d.setURL(c.url());
                d.setUser(c.user() == null ? "sa" : c.user());
                d.setPassword(c.password() == null ? "" : c.password());
                return d;
            }));

    /** Exactly one of the two. */
    static final class Location {
        @Option(names = "--outbox", paramLabel = "DIR",
                description = "The folder of an embedded outbox (Outbox.builder().embedded(DIR)). H2 lets one process"
                        + " open it at a time: stop the application that uses it first.")
        Path folder;

        @Option(names = "--jdbc-url", paramLabel = "URL",
                description = "The outbox's database, e.g. jdbc:postgresql://db.example.com/shop or"
                        + " jdbc:mysql://db.example.com/shop. No password in it: use --password-env or --password.")
        String url;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Location location;

    @Option(names = "--user", paramLabel = "USER", description = "The database user, with --jdbc-url.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Read the database password from this environment variable, with --jdbc-url.")
    String passwordVariable;

    @Option(names = "--password", interactive = true,
            description = "Prompt for the database password (it is never echoed), with --jdbc-url.")
    char[] password;

    /**
     * Opens the outbox without a relay and without creating tables.
     *
     * @throws CommandLine.ParameterException (exit code 2) when the options do not name an outbox
     * @throws dev.mailover.MailException     when its database cannot be opened or has no outbox tables
     */
    Outbox open(MailoverCommand root, CommandLine cl) {
        Outbox.Builder builder = Outbox.builder().workers(0).createSchema(false);
        if (location.folder != null) {
            if (user != null || passwordVariable != null || password != null) {
                throw new CommandLine.ParameterException(cl, "--user and a password go with --jdbc-url, not --outbox");
            }
            Path file = location.folder.resolve("outbox.mv.db");
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(cl, "--outbox: there is no embedded outbox in "
                        + location.folder.toAbsolutePath() + " (no outbox.mv.db); give the folder that the"
                        + " application passes to Outbox.builder().embedded(...)");
            }
            return builder.embedded(location.folder).build();
        }
        return builder.dataSource(dataSource(root, cl)).build();
    }

    private DataSource dataSource(MailoverCommand root, CommandLine cl) {
        String url = location.url.strip();
        if (PASSWORD_IN_URL.matcher(url).find()) {
            throw new CommandLine.ParameterException(cl, "--jdbc-url: the URL holds a password, which would stay in the"
                    + " shell history and the process list; remove it and pass --password-env VAR or --password");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        Driver driver = DRIVERS.stream().filter(d -> lower.startsWith(d.prefix())).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(cl, "--jdbc-url: '" + url.split("[?;]")[0]
                        + "' is not a database the outbox runs on; use jdbc:postgresql:, jdbc:mysql: (MySQL and"
                        + " MariaDB) or jdbc:h2:"));
        return driver.dataSource().apply(new Credentials(url, user, password(root, cl)));
    }

    private String password(MailoverCommand root, CommandLine cl) {
        if (passwordVariable != null) {
            String value = root.variable(passwordVariable);
            if (value == null) {
                throw new CommandLine.ParameterException(cl, "--password-env: the environment variable "
                        + passwordVariable + " is not set");
            }
            return value;
        }
        return password == null ? null : new String(password);
    }
}
