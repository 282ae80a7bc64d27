package dev.patauth.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A fresh PostgreSQL database for one run, dropped afterwards. The server is the one named by
 * {@code PATAUTH_BENCH_ADMIN_URL} (default: the local server, user postgres, trust auth).
 */
final class BenchDatabase implements AutoCloseable {

    static final String ADMIN_URL_ENV = "PATAUTH_BENCH_ADMIN_URL";
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String adminUrl;
    private final String name;

    private BenchDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    static BenchDatabase create() throws SQLException {
        String adminUrl = System.getenv().getOrDefault(ADMIN_URL_ENV, DEFAULT_ADMIN_URL);
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String name = "patauth_bench_" + HexFormat.of().formatHex(random);
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            // the name is made here from hex digits, never from input
            statement.execute("CREATE DATABASE " + name);
        }
        return new BenchDatabase(adminUrl, name);
    }

    String name() {
        return name;
    }

    /** The JDBC URL of the fresh database, with the admin URL's parameters (user, password). */
    String url() {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?');
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    String serverVersion() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
