package dev.patauth;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real databases for tests. PostgreSQL is the server named by {@code PATAUTH_TEST_JDBC_URL}
 * when that is set, and otherwise a {@link PostgresServer} of the tests' own, started once per
 * JVM (also as root). Every call to {@link #newPostgres()} gets a database of its own; on a
 * named server those are dropped when the JVM exits, and the tests' own server goes whole.
 * MariaDB likewise: the server named by {@code PATAUTH_TEST_MARIADB_URL} (such as
 * {@code jdbc:mariadb://127.0.0.1:3306/?user=root}), or a {@link MariaDbServer} of the tests'
 * own, and a database per call to {@link #newMariaDb()}.
 */
final class TestDatabases {

    private static final Pattern PG_URL = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]*)(\\?.*)?");
    private static final Pattern MARIADB_URL = Pattern.compile("jdbc:(mariadb|mysql)://([^/]+)/([^?]*)(\\?.*)?");

    private static String adminUrl;
    private static final List<String> created = new CopyOnWriteArrayList<>();
    private static String mariaDbAdminUrl;
    private static final List<String> createdOnMariaDb = new CopyOnWriteArrayList<>();

    private TestDatabases() {
    }

    /** A JDBC URL for a new, empty PostgreSQL database. */
    static synchronized String newPostgres() {
        String admin = adminUrl();
        String name = "patauth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, "CREATE DATABASE " + name);
        created.add(name);
        return withDatabase(admin, name);
    }

    /** A JDBC URL for a new, empty MariaDB database. */
    static synchronized String newMariaDb() {
        String admin = mariaDbAdminUrl();
        String name = "patauth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        createdOnMariaDb.add(name);
        return mariaDbUrl(admin, name, null);
    }

    /** The host:port of the MariaDB server, for tests that put a proxy in front of it. */
    static String mariaDbHostAndPort() {
        return mariaDbUrlPart(mariaDbAdminUrl(), 2);
    }

    /** The same MariaDB URL, pointing at another host:port (a proxy). */
    static String mariaDbViaHostAndPort(String url, String hostAndPort) {
        return mariaDbUrl(url, mariaDbUrlPart(url, 3), hostAndPort);
    }

    /** A JDBC URL for a new, empty in-memory H2 database that lives until the JVM exits. */
    static String newH2() {
        return "jdbc:h2:mem:patauth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** The host:port of the PostgreSQL server, for tests that put a proxy in front of it. */
    static String postgresHostAndPort() {
        Matcher m = PG_URL.matcher(adminUrl());
        if (!m.matches()) {
            throw new IllegalStateException("not a PostgreSQL URL");
        }
        return m.group(1);
    }

    /** The same URL, pointing at another host:port (a proxy). */
    static String viaHostAndPort(String url, String hostAndPort) {
        Matcher m = PG_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL URL");
        }
        return "jdbc:postgresql://" + hostAndPort + "/" + m.group(2) + (m.group(3) == null ? "" : m.group(3));
    }

    static void execute(String url, String... statements) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test setup SQL failed: " + e.getMessage(), e);
        }
    }

    private static String adminUrl() {
        if (adminUrl == null) {
            String configured = System.getenv("PATAUTH_TEST_JDBC_URL");
            if (configured != null && !configured.isBlank()) {
                adminUrl = configured;
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
            } else {
                PostgresServer server = PostgresServer.start();
                adminUrl = server.url();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; a leftover temporary folder harms nothing
                    }
                }, "stop-test-postgres"));
            }
        }
        return adminUrl;
    }

    private static String mariaDbAdminUrl() {
        if (mariaDbAdminUrl == null) {
            String configured = System.getenv("PATAUTH_TEST_MARIADB_URL");
            if (configured != null && !configured.isBlank()) {
                mariaDbAdminUrl = configured;
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAllOnMariaDb, "drop-test-databases"));
            } else {
                MariaDbServer server = MariaDbServer.start();
                mariaDbAdminUrl = server.url();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-mariadb"));
            }
        }
        return mariaDbAdminUrl;
    }

    /** {@code url} with another database and, unless null, another host:port. */
    private static String mariaDbUrl(String url, String database, String hostAndPort) {
        Matcher m = MARIADB_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("PATAUTH_TEST_MARIADB_URL must look like jdbc:mariadb://host:port/?user=…, got "
                    + url.replaceAll("password=[^&]*", "password=…"));
        }
        return "jdbc:" + m.group(1) + "://" + (hostAndPort == null ? m.group(2) : hostAndPort) + "/" + database
                + (m.group(4) == null ? "" : m.group(4));
    }

    private static String mariaDbUrlPart(String url, int group) {
        Matcher m = MARIADB_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a MariaDB URL");
        }
        return m.group(group);
    }

    private static void dropAllOnMariaDb() {
        for (String name : createdOnMariaDb) {
            try {
                execute(mariaDbAdminUrl, "DROP DATABASE IF EXISTS " + name);
            } catch (RuntimeException ignored) {
                // best effort: a leftover test database harms nothing
            }
        }
    }

    private static String withDatabase(String url, String database) {
        Matcher m = PG_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("PATAUTH_TEST_JDBC_URL must look like jdbc:postgresql://host:port/db?user=…, got "
                    + url.replaceAll("password=[^&]*", "password=…"));
        }
        return "jdbc:postgresql://" + m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    private static void dropAll() {
        for (String name : created) {
            try {
                execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort: a leftover test database harms nothing
            }
        }
    }
}
