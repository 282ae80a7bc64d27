package dev.patauth.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A realistic mix of token rows by the million, generated inside PostgreSQL with one
 * {@code INSERT … SELECT … FROM generate_series} per step (no row crosses the network, no token
 * exists in plaintext: {@code token_hash} is SHA-256 of a text unique to the row), for the scale
 * benchmarks. The mix, per row:
 * <ul>
 * <li>owned by {@code bench-user-<n/5>}: about 5 tokens per user;</li>
 * <li>{@code created_at} uniform over the last 2 years;</li>
 * <li>10 % revoked ({@code revoked_at} within the last 90 days, or since creation if younger: a
 * table that the sweep trims with the default retention of 90 days holds no older retired rows),
 * with {@code revoked_reason} owner 60 %, admin 20 %, inactivity 10 %, rotation 8 %, leak_report
 * 2 %, and half of them with a one-year expiry;</li>
 * <li>5 % expired (within the last 90 days), a fifth of those with {@code changed_at} a day before
 * the expiry, as a rotation with a grace period leaves them;</li>
 * <li>the other 85 % active: half with an expiry within the next year, half without;
 * {@code expiry_notice} 7 or 1 where the expiry is that close, as the sweep leaves it;</li>
 * <li>scopes {@code read} 40 %, {@code read write} 40 %, NULL (every scope) 20 %;</li>
 * <li>85 % used ({@code last_used_at} uniform between creation and now, or the revocation or
 * expiry, with a client address and one of four User-Agents), 15 % never used.</li>
 * </ul>
 * {@link #grow} can drop the table's indexes before a big step and put the two constraints back
 * after it (the other indexes are then rebuilt by an engine's auto-create, from the project's
 * own DDL), since PostgreSQL builds an index from sorted rows far faster than it inserts millions
 * of random hashes and UUIDs into one.
 */
final class TokenMix {

    /** The constraints of {@code postgresql.sql}'s CREATE TABLE, by the names PostgreSQL gives them. */
    private static final String ADD_CONSTRAINTS = "ALTER TABLE patauth_token ADD CONSTRAINT patauth_token_pkey PRIMARY KEY (id),"
            + " ADD CONSTRAINT patauth_token_token_hash_key UNIQUE (token_hash)";

    private static final String INSERT = """
            INSERT INTO patauth_token (id, user_id, name, token_hash, created_at, last_used_at, expires_at, revoked_at,
              scopes, last_used_address, last_used_agent, revoked_reason, expiry_notice, changed_at)
            SELECT gen_random_uuid(), 'bench-user-' || (g / 5), 'token ' || g,
              sha256(convert_to('patauth-bench-row-' || g, 'UTF8')), created,
              CASE WHEN used THEN created + (least(now(), coalesce(revoked, expires, now())) - created) * random() END,
              expires, revoked,
              CASE WHEN r_scope < 0.4 THEN 'read' WHEN r_scope < 0.8 THEN 'read write' END,
              CASE WHEN used THEN '10.' || (g % 200) || '.' || (g / 200 % 250) || '.' || (g % 7 + 1) END,
              CASE WHEN used THEN (ARRAY['curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1', 'git/2.43.0'])[1 + g % 4] END,
              CASE WHEN revoked IS NOT NULL THEN
                CASE WHEN r_reason < 0.6 THEN 'owner' WHEN r_reason < 0.8 THEN 'admin' WHEN r_reason < 0.9 THEN 'inactivity'
                     WHEN r_reason < 0.98 THEN 'rotation' ELSE 'leak_report' END END,
              CASE WHEN revoked IS NULL AND expires > now() AND expires <= now() + interval '1 day' THEN 1
                   WHEN revoked IS NULL AND expires > now() AND expires <= now() + interval '7 days' THEN 7 END,
              CASE WHEN revoked IS NULL AND expires <= now() AND r_reason < 0.2 THEN expires - interval '1 day' END
            FROM (
              SELECT g, created, used, r_scope, r_reason,
                CASE WHEN state < 0.10 THEN now() - random() * least(interval '90 days', now() - created) END AS revoked,
                CASE WHEN state < 0.10 THEN CASE WHEN r_reason < 0.5 THEN created + interval '365 days' END
                     WHEN state < 0.15 THEN now() - random() * least(interval '90 days', now() - created)
                     WHEN state < 0.575 THEN now() + random() * interval '365 days' END AS expires
              FROM (SELECT g, now() - random() * interval '730 days' AS created, random() AS state, random() < 0.85 AS used,
                           random() AS r_scope, random() AS r_reason
                    FROM generate_series(?, ?) g) raw
            ) s
            """;

    /**
     * Gives the known tokens of {@code usersPrefix} (just loaded by {@link BulkTokens#loadActive},
     * all alike) the mix's spread of creation, last use, expiry and scopes, keeping them active.
     */
    private static final String SPREAD_KNOWN = """
            UPDATE patauth_token SET created_at = now() - random() * interval '730 days',
              scopes = (ARRAY['read', 'read write', NULL])[1 + floor(random() * 3)::int],
              expires_at = CASE WHEN random() < 0.5 THEN now() + interval '2 days' + random() * interval '360 days' END
            WHERE user_id LIKE ? AND revoked_at IS NULL
            """;

    private TokenMix() {
    }

    /**
     * Adds mix rows numbered {@code from} to {@code to} (inclusive; numbers must not repeat in one
     * table). With {@code dropIndexes}, every index of the table goes first and the two
     * constraints come back after the load: start an engine with auto-create afterwards for the
     * others. Returns the milliseconds of the INSERT alone.
     */
    static long grow(String jdbcUrl, long from, long to, boolean dropIndexes) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            if (dropIndexes) {
                dropIndexes(connection);
            }
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setLong(1, from);
                insert.setLong(2, to);
                insert.executeUpdate();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (dropIndexes) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(ADD_CONSTRAINTS);
                }
            }
            return millis;
        }
    }

    /** See {@link #SPREAD_KNOWN}. */
    static void spreadKnown(String jdbcUrl, String usersPrefix) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement update = connection.prepareStatement(SPREAD_KNOWN)) {
            update.setString(1, usersPrefix.replace("_", "\\_") + "%");
            update.executeUpdate();
        }
    }

    /** Drops the constraints' indexes (with the constraints) and every other index of patauth_token. */
    private static void dropIndexes(Connection connection) throws SQLException {
        List<String> others = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'patauth_token'"
                     + " AND indexname NOT IN ('patauth_token_pkey', 'patauth_token_token_hash_key')")) {
            while (rs.next()) {
                others.add(rs.getString(1));
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE patauth_token DROP CONSTRAINT IF EXISTS patauth_token_pkey,"
                    + " DROP CONSTRAINT IF EXISTS patauth_token_token_hash_key");
            for (String index : others) {
                // names read from the catalog, quoted
                statement.execute("DROP INDEX \"" + index.replace("\"", "\"\"") + "\"");
            }
        }
    }

    /** Every index of patauth_token, name to definition: to check that a rebuild gave back the same ones. */
    static Map<String, String> indexes(String jdbcUrl) throws SQLException {
        Map<String, String> indexes = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'patauth_token'")) {
            while (rs.next()) {
                indexes.put(rs.getString(1), rs.getString(2));
            }
        }
        return indexes;
    }

    /** VACUUM ANALYZE, so that autovacuum has nothing left to do during the measurements; returns its milliseconds. */
    static long vacuumAnalyze(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            statement.execute("VACUUM (ANALYZE) patauth_token");
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    /** Runs one statement on the database (settings, the sweep's row). */
    static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Row counts of patauth_token by state: active, revoked, expired (not revoked), total. */
    static long[] countsByState(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT"
                     + " count(*) FILTER (WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())),"
                     + " count(*) FILTER (WHERE revoked_at IS NOT NULL),"
                     + " count(*) FILTER (WHERE revoked_at IS NULL AND expires_at <= now()), count(*) FROM patauth_token")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }
}
