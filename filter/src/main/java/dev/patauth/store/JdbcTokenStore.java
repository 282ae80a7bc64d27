package dev.patauth.store;

import dev.patauth.PatAuthConfigException;
import dev.patauth.RevocationReason;
import dev.patauth.TokenId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** The token store on PostgreSQL, MariaDB/MySQL or H2, through plain JDBC with bound parameters only. */
public final class JdbcTokenStore implements TokenStore {

    private static final String COLUMNS = "id, user_id, name, created_at, last_used_at, expires_at, scopes,"
            + " last_used_address, last_used_agent";
    private static final String ACTIVE = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)";

    private static final String FIND_BY_HASH =
            "SELECT " + COLUMNS + " FROM patauth_token WHERE token_hash = ? AND revoked_at IS NULL";
    private static final String LIST_ACTIVE =
            "SELECT " + COLUMNS + " FROM patauth_token WHERE user_id = ? AND " + ACTIVE + " ORDER BY created_at DESC, id";
    private static final String LOCK_OWNER = "SELECT user_id FROM patauth_owner WHERE user_id = ? FOR UPDATE";
    private static final String COUNT_ACTIVE = "SELECT COUNT(*) FROM patauth_token WHERE user_id = ? AND " + ACTIVE;
    private static final String INSERT = "INSERT INTO patauth_token (id, user_id, name, token_hash, created_at, expires_at,"
            + " scopes) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND_FOR_REVOKE = "SELECT " + COLUMNS + ", token_hash FROM patauth_token"
            + " WHERE id = ? AND user_id = ? AND " + ACTIVE + " FOR UPDATE";
    private static final String FIND_ANY_FOR_REVOKE = "SELECT " + COLUMNS + ", token_hash FROM patauth_token"
            + " WHERE id = ? AND " + ACTIVE + " FOR UPDATE";
    private static final String FIND_ALL_FOR_REVOKE = "SELECT " + COLUMNS + ", token_hash FROM patauth_token"
            + " WHERE user_id = ? AND " + ACTIVE + " FOR UPDATE";
    private static final String REVOKE = "UPDATE patauth_token SET revoked_at = ?, revoked_reason = ? WHERE id = ?";
    private static final String CUT_SHORT = "UPDATE patauth_token SET expires_at = ?, changed_at = ? WHERE id = ?";
    private static final String TOUCH = "UPDATE patauth_token SET last_used_at = ?, last_used_address = ?,"
            + " last_used_agent = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
    private static final String SCHEMA_PROBE = "SELECT t.scopes, t.last_used_address, t.last_used_agent, t.revoked_reason,"
            + " t.expiry_notice, t.changed_at, s.swept_at FROM patauth_token t, patauth_sweep s WHERE 1 = 0";
    private static final String CLAIM_SWEEP =
            "UPDATE patauth_sweep SET swept_at = ? WHERE id = 1 AND (swept_at IS NULL OR swept_at <= ?)";
    /** Ends with the dialect's {@link Dialect#limit()}, then FOR UPDATE. */
    private static final String FIND_UNUSED = "SELECT " + COLUMNS + ", token_hash FROM patauth_token WHERE " + ACTIVE
            + " AND COALESCE(last_used_at, created_at) < ? ORDER BY COALESCE(last_used_at, created_at), id";
    private static final String DELETE_RETIRED = "DELETE FROM patauth_token WHERE revoked_at < ? OR expires_at < ?";
    private static final String FIND_EXPIRING = "SELECT " + COLUMNS + " FROM patauth_token WHERE revoked_at IS NULL"
            + " AND expires_at > ? AND expires_at <= ? AND (expiry_notice IS NULL OR expiry_notice > ?)"
            + " ORDER BY id";
    private static final String MARK_WARNED = "UPDATE patauth_token SET expiry_notice = ? WHERE id = ?";

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final RevocationBus bus;
    private final Dialect dialect;
    private final String findUnused;
    private final String findExpiring;

    /** The store on a database of this dialect ({@link #prepare} finds it). */
    public JdbcTokenStore(DataSource dataSource, RevocationBus bus, Dialect dialect) {
        this.dataSource = dataSource;
        this.bus = bus;
        this.dialect = dialect;
        this.findUnused = FIND_UNUSED + dialect.limit() + " FOR UPDATE";
        this.findExpiring = FIND_EXPIRING + dialect.limit() + " FOR UPDATE";
    }

    /**
     * Finds the database's dialect and, when asked, creates the tables if they are missing or
     * upgrades them in place; otherwise checks that they are of the version this patauth needs.
     */
    public static Dialect prepare(DataSource dataSource, boolean createSchema) {
        Dialect dialect;
        try (Connection connection = dataSource.getConnection()) {
            dialect = Dialect.of(connection);
            if (createSchema) {
                inTransaction(dialect, connection, () -> {
                    try (Statement statement = connection.createStatement()) {
                        for (String ddl : dialect.schemaStatements()) {
                            statement.execute(ddl);
                        }
                    }
                    return null;
                });
            }
        } catch (SQLException e) {
            throw new PatAuthConfigException("patauth could not prepare its tables in the configured database ("
                    + e.getMessage() + "); check patauth.datasource or patauth.jdbc.url", e);
        }
        try (Connection connection = dataSource.getConnection();
             Statement probe = connection.createStatement()) {
            probe.executeQuery(SCHEMA_PROBE).close();
        } catch (SQLException e) {
            throw new PatAuthConfigException("patauth's tables are missing or older than this version of patauth needs ("
                    + e.getMessage() + "); apply " + String.join(" and then ", dialect.schemaFiles())
                    + " from the patauth jar (every statement can run again), or set patauth.schema.auto-create to true", e);
        }
        return dialect;
    }

    @Override
    public boolean insert(StoredToken token, TokenHash hash, int limit, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            ensureOwnerRow(connection, token.userId());
            return inTransaction(connection, () -> {
                lockOwner(connection, token.userId());
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
                insert(connection, token, hash);
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
    public Optional<Revoked> revoke(String userId, TokenId id, RevocationReason reason, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                Optional<Revoked> found = findForRevoke(connection, userId, id, now);
                if (found.isPresent()) {
                    revoke(connection, found.get(), reason, now);
                }
                return found;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("revoke token " + id + " of user " + userId, e);
        }
    }

    @Override
    public Optional<Revoked> revokeAny(TokenId id, RevocationReason reason, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                List<Revoked> found = findForRevoke(connection, FIND_ANY_FOR_REVOKE, id.value(), now);
                for (Revoked token : found) {
                    revoke(connection, token, reason, now);
                }
                return found.stream().findFirst();
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("revoke token " + id, e);
        }
    }

    @Override
    public List<Revoked> revokeAll(String userId, RevocationReason reason, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            ensureOwnerRow(connection, userId);
            return inTransaction(connection, () -> {
                // the owner's lock, as for a create: no token of the user is created while this runs
                lockOwner(connection, userId);
                List<Revoked> found = findForRevoke(connection, FIND_ALL_FOR_REVOKE, userId, now);
                for (Revoked token : found) {
                    revoke(connection, token, reason, now);
                }
                return found;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("revoke every token of user " + userId, e);
        }
    }

    @Override
    public List<StoredToken> list(Listing listing, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM patauth_token WHERE ").append(ACTIVE);
        List<Object> parameters = new ArrayList<>();
        parameters.add(timestamp(now));
        listing.userId().ifPresent(user -> {
            sql.append(" AND user_id = ?");
            parameters.add(user);
        });
        listing.unusedSince().ifPresent(since -> {
            sql.append(" AND COALESCE(last_used_at, created_at) < ?");
            parameters.add(timestamp(since));
        });
        listing.expiringBy().ifPresent(by -> {
            // "expires_at > now" again, outside ACTIVE's OR: the index scan then starts at now, not at
            // the oldest expired row that the sweep has not deleted yet
            sql.append(" AND expires_at > ? AND expires_at <= ?");
            parameters.add(timestamp(now));
            parameters.add(timestamp(by));
        });
        listing.scope().ifPresent(scope -> {
            sql.append(" AND ").append(dialect.scopeCondition());
            parameters.add(dialect.scopeParameter(scope));
        });
        String key = switch (listing.order()) {
            case NEWEST -> "created_at";
            case UNUSED -> "COALESCE(last_used_at, created_at)";
            case EXPIRING -> "expires_at";
        };
        boolean descending = listing.order() == Listing.Order.NEWEST;
        if (listing.afterValue().isPresent() && listing.afterId().isPresent()) {
            // a row comparison, which PostgreSQL reads along the index of the same order
            sql.append(" AND (").append(key).append(", id) ").append(descending ? "<" : ">").append(" (?, ?)");
            parameters.add(timestamp(listing.afterValue().get()));
            parameters.add(listing.afterId().get());
        }
        String direction = descending ? " DESC" : "";
        sql.append(" ORDER BY ").append(key).append(direction).append(", id").append(direction)
                .append(dialect.limit());
        parameters.add(listing.limit() + 1);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement list = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                list.setObject(i + 1, parameters.get(i));
            }
            List<StoredToken> tokens = new ArrayList<>();
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    tokens.add(read(rs));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw DatabaseFailures.of("list tokens for an administrator", e);
        }
    }

    @Override
    public Optional<Revoked> rotate(String userId, TokenId id, UnaryOperator<StoredToken> successor,
                                    TokenHash successorHash, Duration grace, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            ensureOwnerRow(connection, userId);
            return inTransaction(connection, () -> {
                // the owner's lock, as for a create: a rotation and a create never count past the limit together
                lockOwner(connection, userId);
                Optional<Revoked> found = findForRevoke(connection, userId, id, now);
                if (found.isEmpty()) {
                    return found;
                }
                Revoked old = found.get();
                insert(connection, successor.apply(old.token()), successorHash);
                Instant graceEnd = now.plus(grace);
                if (grace.isZero()) {
                    revoke(connection, old, RevocationReason.ROTATION, now);
                } else if (old.token().expiresAt().map(expiry -> expiry.isAfter(graceEnd)).orElse(true)) {
                    try (PreparedStatement cut = connection.prepareStatement(CUT_SHORT)) {
                        cut.setObject(1, timestamp(graceEnd));
                        cut.setObject(2, timestamp(now));
                        cut.setObject(3, id.value());
                        cut.executeUpdate();
                    }
                    // other nodes drop what they cached of it, and read the new expiry when it comes again
                    bus.announceRevocation(connection, old.hash());
                }
                return found;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("rotate token " + id + " of user " + userId, e);
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
    public void recordLastUsed(Map<TokenId, LastUse> lastUses) {
        if (lastUses.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            inTransaction(connection, () -> {
                try (PreparedStatement touch = connection.prepareStatement(TOUCH)) {
                    for (Map.Entry<TokenId, LastUse> use : lastUses.entrySet()) {
                        Object at = timestamp(use.getValue().at());
                        touch.setObject(1, at);
                        touch.setString(2, use.getValue().address());
                        touch.setString(3, use.getValue().agent().orElse(null));
                        touch.setObject(4, use.getKey().value());
                        touch.setObject(5, at);
                        touch.addBatch();
                    }
                    touch.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("record when " + lastUses.size() + " tokens were last used", e);
        }
    }

    @Override
    public boolean claimSweep(Instant now, Duration interval) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement ensure = connection.prepareStatement(dialect.ensureSweepRow())) {
                ensure.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            // a node that finds the row locked waits, then sees the other's time and claims nothing
            try (PreparedStatement claim = connection.prepareStatement(CLAIM_SWEEP)) {
                claim.setObject(1, timestamp(now));
                claim.setObject(2, timestamp(now.minus(interval)));
                return claim.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of("claim the sweep", e);
        }
    }

    @Override
    public List<Revoked> revokeUnused(Instant unusedSince, int max, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                List<Revoked> found = new ArrayList<>();
                try (PreparedStatement find = connection.prepareStatement(findUnused)) {
                    find.setObject(1, timestamp(now));
                    find.setObject(2, timestamp(unusedSince));
                    find.setInt(3, max);
                    try (ResultSet rs = find.executeQuery()) {
                        while (rs.next()) {
                            found.add(new Revoked(read(rs), TokenHash.fromBytes(rs.getBytes(10))));
                        }
                    }
                }
                for (Revoked unused : found) {
                    revoke(connection, unused, RevocationReason.INACTIVITY, now);
                }
                return found;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("revoke tokens unused since " + unusedSince, e);
        }
    }

    @Override
    public int deleteRetired(Instant before) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(DELETE_RETIRED)) {
            delete.setObject(1, timestamp(before));
            delete.setObject(2, timestamp(before));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw DatabaseFailures.of("delete tokens revoked or expired before " + before, e);
        }
    }

    @Override
    public List<StoredToken> takeExpiryWarnings(Instant now, Instant by, int days, int max) {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                List<StoredToken> found = new ArrayList<>();
                try (PreparedStatement find = connection.prepareStatement(findExpiring)) {
                    find.setObject(1, timestamp(now));
                    find.setObject(2, timestamp(by));
                    find.setInt(3, days);
                    find.setInt(4, max);
                    try (ResultSet rs = find.executeQuery()) {
                        while (rs.next()) {
                            found.add(read(rs));
                        }
                    }
                }
                try (PreparedStatement mark = connection.prepareStatement(MARK_WARNED)) {
                    for (StoredToken token : found) {
                        mark.setInt(1, days);
                        mark.setObject(2, token.id().value());
                        mark.addBatch();
                    }
                    if (!found.isEmpty()) {
                        mark.executeBatch();
                    }
                }
                return found;
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of("find tokens that expire within " + days + " days", e);
        }
    }

    private Optional<Revoked> findForRevoke(Connection connection, String userId, TokenId id, Instant now)
            throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(FIND_FOR_REVOKE)) {
            find.setObject(1, id.value());
            find.setString(2, userId);
            find.setObject(3, timestamp(now));
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(new Revoked(read(rs), TokenHash.fromBytes(rs.getBytes(10))))
                        : Optional.empty();
            }
        }
    }

    /** The active rows that {@code select} (one parameter, then the time) finds, locked, with their hashes. */
    private List<Revoked> findForRevoke(Connection connection, String select, Object key, Instant now) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(select)) {
            find.setObject(1, key);
            find.setObject(2, timestamp(now));
            List<Revoked> found = new ArrayList<>();
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    found.add(new Revoked(read(rs), TokenHash.fromBytes(rs.getBytes(10))));
                }
            }
            return found;
        }
    }

    private void revoke(Connection connection, Revoked token, RevocationReason reason, Instant now) throws SQLException {
        try (PreparedStatement revoke = connection.prepareStatement(REVOKE)) {
            revoke.setObject(1, timestamp(now));
            revoke.setString(2, reason.name().toLowerCase(Locale.ROOT));
            revoke.setObject(3, token.token().id().value());
            revoke.executeUpdate();
        }
        bus.announceRevocation(connection, token.hash());
    }

    private void insert(Connection connection, StoredToken token, TokenHash hash) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, token.id().value());
            insert.setString(2, token.userId());
            insert.setString(3, token.name());
            insert.setBytes(4, hash.bytes());
            insert.setObject(5, timestamp(token.createdAt()));
            insert.setObject(6, token.expiresAt().map(this::timestamp).orElse(null));
            insert.setString(7, token.scopes().map(scopes -> String.join(" ", new TreeSet<>(scopes))).orElse(null));
            insert.executeUpdate();
        }
    }

    private static void lockOwner(Connection connection, String userId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_OWNER)) {
            lock.setString(1, userId);
            lock.executeQuery().close();
        }
    }

    /** The owner row exists before the transaction locks it; a concurrent insert of the same row is fine. */
    private void ensureOwnerRow(Connection connection, String userId) throws SQLException {
        try (PreparedStatement ensure = connection.prepareStatement(dialect.ensureOwnerRow())) {
            ensure.setString(1, userId);
            ensure.setString(2, userId);
            ensure.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private StoredToken read(ResultSet rs) throws SQLException {
        return new StoredToken(
                rs.getString(2),
                new TokenId(rs.getObject(1, UUID.class)),
                rs.getString(3),
                dialect.instant(rs, 4).orElseThrow(),
                dialect.instant(rs, 5),
                dialect.instant(rs, 6),
                Optional.ofNullable(rs.getString(7)).map(scopes -> scopes.isEmpty() ? Set.of() : Set.of(scopes.split(" "))),
                Optional.ofNullable(rs.getString(8)),
                Optional.ofNullable(rs.getString(9)));
    }

    private Object timestamp(Instant instant) {
        return dialect.timestamp(instant);
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        return inTransaction(dialect, connection, work);
    }

    private static <T> T inTransaction(Dialect dialect, Connection connection, Work<T> work) throws SQLException {
        int isolation = dialect.needsReadCommitted() ? connection.getTransactionIsolation() : Connection.TRANSACTION_NONE;
        if (dialect.needsReadCommitted() && isolation != Connection.TRANSACTION_READ_COMMITTED) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
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
            if (isolation != Connection.TRANSACTION_NONE && isolation != Connection.TRANSACTION_READ_COMMITTED
                    && !connection.isClosed()) {
                connection.setTransactionIsolation(isolation);
            }
        }
    }
}
