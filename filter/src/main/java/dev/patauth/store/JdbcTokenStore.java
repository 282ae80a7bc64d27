package dev.patauth.store;

import dev.patauth.PatAuthConfigException;
import dev.patauth.TokenId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The token store on PostgreSQL or H2, through plain JDBC with bound parameters only. */
public final class JdbcTokenStore implements TokenStore {

    private static final String COLUMNS = "id, user_id, name, created_at, last_used_at, expires_at";
    private static final String ACTIVE = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)";

    private static final String FIND_BY_HASH =
            "SELECT " + COLUMNS + " FROM patauth_token WHERE token_hash = ? AND revoked_at IS NULL";
    private static final String LIST_ACTIVE =
            "SELECT " + COLUMNS + " FROM patauth_token WHERE user_id = ? AND " + ACTIVE + " ORDER BY created_at DESC, id";
    private static final String ENSURE_OWNER =
            "INSERT INTO patauth_owner (user_id) SELECT CAST(? AS VARCHAR(255))"
                    + " WHERE NOT EXISTS (SELECT 1 FROM patauth_owner WHERE user_id = ?)";
    private static final String LOCK_OWNER = "SELECT user_id FROM patauth_owner WHERE user_id = ? FOR UPDATE";
    private static final String COUNT_ACTIVE = "SELECT COUNT(*) FROM patauth_token WHERE user_id = ? AND " + ACTIVE;
    private static final String INSERT =
            "INSERT INTO patauth_token (id, user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIND_FOR_REVOKE =
            "SELECT token_hash FROM patauth_token WHERE id = ? AND user_id = ? AND " + ACTIVE + " FOR UPDATE";
    private static final String REVOKE = "UPDATE patauth_token SET revoked_at = ? WHERE id = ?";
    private static final String TOUCH =
            "UPDATE patauth_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final RevocationBus bus;

    public JdbcTokenStore(DataSource dataSource, RevocationBus bus) {
        this.dataSource = dataSource;
        this.bus = bus;
    }

    /** Finds the database's dialect and, when asked, creates the tables if they are missing. */
    public static Dialect prepare(DataSource dataSource, boolean createSchema) {
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            if (createSchema) {
                inTransaction(connection, () -> {
                    try (Statement statement = connection.createStatement()) {
                        for (String ddl : dialect.schemaStatements()) {
                            statement.execute(ddl);
                        }
                    }
                    return null;
                });
            }
            return dialect;
        } catch (SQLException e) {
            throw new PatAuthConfigException("patauth could not prepare its tables in the configured database ("
                    + e.getMessage() + "); check patauth.datasource or patauth.jdbc.url", e);
        }
    }

    @Override
    public boolean insert(StoredToken token, TokenHash hash, int limit, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            ensureOwnerRow(connection, token.userId());
            return inTransaction(connection, () -> {
                try (PreparedStatement lock = connection.prepareStatement(LOCK_OWNER)) {
                    lock.setString(1, token.userId());
                    lock.executeQuery().close();
                }
                try (PreparedStatement count = connection.prepareStatement(COUNT_ACTIVE)) {
                    count.setString(1, token.userId());
                    count.setObject(2, timestamp(now));
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= limit) {
                            return false;
                        }
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setObject(1, token.id().value());
                    insert.setString(2, token.userId());
                    insert.setString(3, token.name());
                    insert.setBytes(4, hash.bytes());
                    insert.setObject(5, timestamp(token.createdAt()));
                    insert.setObject(6, token.expiresAt().map(JdbcTokenStore::timestamp).orElse(null));
                    insert.executeUpdate();
                }
                return true;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("create token " + token.id() + " for user " + token.userId(), e);
        }
    }

    @Override
    public List<StoredToken> listActive(String userId, Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement list = connection.prepareStatement(LIST_ACTIVE)) {
            list.setString(1, userId);
            list.setObject(2, timestamp(now));
            List<StoredToken> tokens = new ArrayList<>();
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    tokens.add(read(rs));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw DatabaseFailures.of("list the tokens of user " + userId, e);
        }
    }

    @Override
    public Optional<TokenHash> revoke(String userId, TokenId id, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                TokenHash hash;
                try (PreparedStatement find = connection.prepareStatement(FIND_FOR_REVOKE)) {
                    find.setObject(1, id.value());
                    find.setString(2, userId);
                    find.setObject(3, timestamp(now));
                    try (ResultSet rs = find.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<TokenHash>empty();
                        }
                        hash = TokenHash.fromBytes(rs.getBytes(1));
                    }
                }
                try (PreparedStatement revoke = connection.prepareStatement(REVOKE)) {
                    revoke.setObject(1, timestamp(now));
                    revoke.setObject(2, id.value());
                    revoke.executeUpdate();
                }
                bus.announceRevocation(connection, hash);
                return Optional.of(hash);
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("revoke token " + id + " of user " + userId, e);
        }
    }

    @Override
    public void invalidateUser(String userId, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            inTransaction(connection, () -> {
                bus.announceUserChange(connection, userId, now);
                return null;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("tell other nodes that the account of user " + userId + " changed", e);
        }
    }

    @Override
    public Optional<StoredToken> findByHash(TokenHash hash) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(FIND_BY_HASH)) {
            find.setBytes(1, hash.bytes());
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of("look up a token", e);
        }
    }

    @Override
    public void recordLastUsed(Map<TokenId, Instant> lastUsed) {
        if (lastUsed.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            inTransaction(connection, () -> {
                try (PreparedStatement touch = connection.prepareStatement(TOUCH)) {
                    for (Map.Entry<TokenId, Instant> use : lastUsed.entrySet()) {
                        OffsetDateTime at = timestamp(use.getValue());
                        touch.setObject(1, at);
                        touch.setObject(2, use.getKey().value());
                        touch.setObject(3, at);
                        touch.addBatch();
                    }
                    touch.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("record when " + lastUsed.size() + " tokens were last used", e);
        }
    }

    /** The owner row exists before the transaction locks it; a concurrent insert of the same row is fine. */
    private static void ensureOwnerRow(Connection connection, String userId) throws SQLException {
        try (PreparedStatement ensure = connection.prepareStatement(ENSURE_OWNER)) {
            ensure.setString(1, userId);
            ensure.setString(2, userId);
            ensure.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static StoredToken read(ResultSet rs) throws SQLException {
        return new StoredToken(
                rs.getString(2),
                new TokenId(rs.getObject(1, UUID.class)),
                rs.getString(3),
                instant(rs.getObject(4, OffsetDateTime.class)),
                Optional.ofNullable(rs.getObject(5, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(rs.getObject(6, OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime timestamp) {
        return timestamp.toInstant();
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        } finally {
            if (autoCommit && !connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        }
    }
}
