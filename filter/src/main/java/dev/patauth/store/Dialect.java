package dev.patauth.store;

import dev.patauth.PatAuthConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The databases patauth supports, and the DDL each one gets: the files of
 * {@code dev/patauth/schema/}, one per schema version, applied in order. Every statement in them
 * can run again, so applying all of them creates a new schema or upgrades an older one in place.
 *
 * <p>The SQL of {@link JdbcTokenStore} and {@link PollingBus} is the same on every database but
 * for the fragments and bound values that the small methods here give.
 */
public enum Dialect {
    POSTGRESQL("postgresql", "PostgreSQL"),
    H2("h2", "H2"),
    /** MariaDB (the tests run on 11.4) and MySQL 8, which share a driver protocol and most SQL. */
    MARIADB("mariadb", "MariaDB", "MySQL");

    /** The schema version this patauth needs: the number of DDL files of a dialect. */
    static final int SCHEMA_VERSION = 2;

    private final String schemaName;
    private final List<String> productNames;

    Dialect(String schemaName, String... productNames) {
        this.schemaName = schemaName;
        this.productNames = List.of(productNames);
    }

    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        for (Dialect dialect : values()) {
            if (dialect.productNames.stream().anyMatch(product::equalsIgnoreCase)) {
                return dialect;
            }
        }
        throw new PatAuthConfigException("patauth supports PostgreSQL, MariaDB, MySQL and H2, but the configured database is "
                + product + "; set patauth.datasource or patauth.jdbc.url to one of those");
    }

    /**
     * The condition "the token has this scope" for a list, with one parameter, which
     * {@link #scopeParameter} gives: a token with NULL scopes has every scope. On PostgreSQL an
     * array test that a GIN index answers, so that a scope few tokens have is found without reading
     * the others; on H2, where lists are small, a {@code LIKE} on the space-joined names.
     */
    String scopeCondition() {
        return switch (this) {
            case POSTGRESQL -> "(scopes IS NULL OR string_to_array(scopes, ' ') @> ARRAY[CAST(? AS TEXT)])";
            case H2 -> "(scopes IS NULL OR ' ' || scopes || ' ' LIKE ?)";
            // || is OR in MySQL (and in MariaDB unless sql_mode has PIPES_AS_CONCAT)
            case MARIADB -> "(scopes IS NULL OR CONCAT(' ', scopes, ' ') LIKE ?)";
        };
    }

    /** The parameter of {@link #scopeCondition()} for {@code scope}. */
    String scopeParameter(String scope) {
        return this == POSTGRESQL ? scope : "% " + scope + " %";
    }

    /** The clause that ends a query after as many rows as its one parameter says. */
    String limit() {
        // MariaDB has FETCH FIRST since 10.6, MySQL has only LIMIT
        return this == MARIADB ? " LIMIT ?" : " FETCH FIRST ? ROWS ONLY";
    }

    /**
     * Inserts a row of {@code patauth_owner} unless there is one; both parameters are the user.
     * On InnoDB an {@code INSERT … SELECT … WHERE NOT EXISTS} takes shared locks on the gap where
     * the row would go, so two of them for the same new user deadlock; {@code ON DUPLICATE KEY}
     * waits for the other insert instead and then changes nothing.
     */
    String ensureOwnerRow() {
        return this == MARIADB ? "INSERT INTO patauth_owner (user_id) VALUES (?) ON DUPLICATE KEY UPDATE user_id = ?"
                : "INSERT INTO patauth_owner (user_id) SELECT CAST(? AS VARCHAR(255))"
                        + " WHERE NOT EXISTS (SELECT 1 FROM patauth_owner WHERE user_id = ?)";
    }

    /** Inserts the one row of {@code patauth_sweep} unless it is there (see {@link #ensureOwnerRow}). */
    String ensureSweepRow() {
        return this == MARIADB ? "INSERT INTO patauth_sweep (id) VALUES (1) ON DUPLICATE KEY UPDATE id = id"
                : "INSERT INTO patauth_sweep (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM patauth_sweep WHERE id = 1)";
    }

    /**
     * Whether patauth's transactions must ask for READ COMMITTED, the level that PostgreSQL and
     * H2 have by default and that the store's SQL is written for: InnoDB's default, REPEATABLE
     * READ, would let the count after the owner's lock read an older snapshot.
     */
    boolean needsReadCommitted() {
        return this == MARIADB;
    }

    /**
     * The value to bind for a point in time. PostgreSQL and H2 store it with its offset; MariaDB
     * and MySQL have no such type, so the {@code DATETIME(6)} columns hold UTC, bound as a local
     * date-time so that neither the driver nor the session's time zone converts it.
     */
    Object timestamp(Instant instant) {
        return this == MARIADB ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant.atOffset(ZoneOffset.UTC);
    }

    /** The point in time in a column of {@link #timestamp} values, empty when it is NULL. */
    Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        if (this == MARIADB) {
            return Optional.ofNullable(rs.getObject(column, LocalDateTime.class)).map(at -> at.toInstant(ZoneOffset.UTC));
        }
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /** The DDL files, oldest version first: {@code postgresql.sql}, then {@code postgresql-2.sql}. */
    public List<String> schemaFiles() {
        List<String> files = new ArrayList<>();
        for (int version = 1; version <= SCHEMA_VERSION; version++) {
            files.add("/dev/patauth/schema/" + schemaName + (version == 1 ? "" : "-" + version) + ".sql");
        }
        return files;
    }

    /** The statements of every DDL file, in order: what users may copy into their migrations. */
    public List<String> schemaStatements() {
        List<String> statements = new ArrayList<>();
        for (String path : schemaFiles()) {
            statements.addAll(statements(path));
        }
        return statements;
    }

    private static List<String> statements(String path) {
        try (InputStream in = Dialect.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the patauth jar lacks " + path);
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.trim().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            return Arrays.stream(sql.split(";")).map(String::trim).filter(statement -> !statement.isEmpty()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
