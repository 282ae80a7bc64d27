package dev.patauth.store;

import dev.patauth.PatAuthConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The databases patauth supports, and the DDL each one gets. */
public enum Dialect {
    POSTGRESQL("PostgreSQL", "postgresql.sql"),
    H2("H2", "h2.sql");

    private final String productName;
    private final String schemaResource;

    Dialect(String productName, String schemaResource) {
        this.productName = productName;
        this.schemaResource = schemaResource;
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

    /** The statements of {@code dev/patauth/schema/<dialect>.sql}, the DDL users may copy into migrations. */
    public List<String> schemaStatements() {
        String path = "/dev/patauth/schema/" + schemaResource;
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
