package dev.patauth.store;

import dev.patauth.PatAuthConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The databases patauth supports, and the DDL each one gets: the files of
 * {@code dev/patauth/schema/}, one per schema version, applied in order. Every statement in them
 * can run again, so applying all of them creates a new schema or upgrades an older one in place.
 */
public enum Dialect {
    POSTGRESQL("PostgreSQL", "postgresql"),
    H2("H2", "h2");

    /** The schema version this patauth needs: the number of DDL files of a dialect. */
    static final int SCHEMA_VERSION = 2;

    private final String productName;
    private final String schemaName;

    Dialect(String productName, String schemaName) {
        this.productName = productName;
        this.schemaName = schemaName;
    }

    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        for (Dialect dialect : values()) {
            if (dialect.productName.equalsIgnoreCase(product)) {
                return dialect;
            }
        }
        throw new PatAuthConfigException("patauth supports PostgreSQL and H2, but the configured database is "
                + product + "; set patauth.datasource or patauth.jdbc.url to one of those");
    }

    /**
     * The condition "the token has this scope" for a list, with one parameter, which
     * {@link #scopeParameter} gives: a token with NULL scopes has every scope. On PostgreSQL an
     * array test that a GIN index answers, so that a scope few tokens have is found without reading
     * the others; on H2, where lists are small, a {@code LIKE} on the space-joined names.
     */
    String scopeCondition() {
        return this == POSTGRESQL ? "(scopes IS NULL OR string_to_array(scopes, ' ') @> ARRAY[CAST(? AS TEXT)])"
                : "(scopes IS NULL OR ' ' || scopes || ' ' LIKE ?)";
    }

    /** The parameter of {@link #scopeCondition()} for {@code scope}. */
    String scopeParameter(String scope) {
        return this == POSTGRESQL ? scope : "% " + scope + " %";
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
