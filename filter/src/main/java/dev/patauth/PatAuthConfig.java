package dev.patauth;

import dev.patauth.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * One engine's configuration, immutable and valid: each value was checked by the
 * {@link PatAuth.Builder} method that set it, and the rules between values by
 * {@link PatAuth.Builder#build()}, before any connection is opened. Both ways in make one:
 * Java code calls the builder, and {@link Settings} calls the same builder methods for the
 * {@code patauth.*} context-params. Holds the JDBC password, so it has no {@code toString}.
 */
final class PatAuthConfig {

    /** Connections in the pool patauth opens for a JDBC URL, unless set. */
    static final int DEFAULT_JDBC_POOL_SIZE = 4;

    final Optional<DataSource> dataSource;
    final Optional<String> jdbcUrl;
    final String jdbcUser;
    final String jdbcPassword;
    final int jdbcPoolSize;
    final boolean autoCreateSchema;
    final int maxTokensPerUser;
    final long cacheMaxSize;
    final Duration cacheTtl;
    final Duration negativeCacheTtl;
    final Duration rolesTtl;
    final Duration lastUsedInterval;
    final Optional<String> rolesQuery;
    final PatAuth.Invalidation invalidation;
    final Duration pollInterval;
    final int failuresPerMinute;
    final int leakedPerMinute;
    final Clock clock;
    final Scopes scopes;
    final ExpiryPolicy expiry;
    final Duration rotationGrace;
    final Optional<Duration> revokeUnusedAfter;
    final Duration retention;
    final Duration sweepInterval;
    final List<TokenEventListener> eventListeners;
    final UnaryOperator<TokenStore> storeDecorator;
    /** How errors found while starting (after this was validated) name their setting. */
    final SettingNames names;

    /** The builder's values; {@link PatAuth.Builder#build()} has checked the rules between them. */
    PatAuthConfig(PatAuth.Builder builder) {
        this.dataSource = Optional.ofNullable(builder.dataSource);
        this.jdbcUrl = Optional.ofNullable(builder.jdbcUrl);
        this.jdbcUser = builder.jdbcUser;
        this.jdbcPassword = builder.jdbcPassword;
        this.jdbcPoolSize = builder.jdbcPoolSize == null ? DEFAULT_JDBC_POOL_SIZE : builder.jdbcPoolSize;
        this.autoCreateSchema = builder.autoCreateSchema;
        this.maxTokensPerUser = builder.maxTokensPerUser;
        this.cacheMaxSize = builder.cacheMaxSize;
        this.cacheTtl = builder.cacheTtl;
        this.negativeCacheTtl = builder.negativeCacheTtl;
        this.rolesTtl = builder.rolesTtl;
        this.lastUsedInterval = builder.lastUsedInterval;
        this.rolesQuery = Optional.ofNullable(builder.rolesQuery);
        this.invalidation = builder.invalidation;
        this.pollInterval = builder.pollInterval;
        this.failuresPerMinute = builder.failuresPerMinute;
        this.leakedPerMinute = builder.leakedPerMinute;
        this.clock = builder.clock;
        this.scopes = new Scopes(builder.scopes, builder.defaultScopes == null ? builder.scopes.keySet() : builder.defaultScopes);
        this.expiry = new ExpiryPolicy(Optional.ofNullable(builder.defaultExpiry), builder.maxExpiry, builder.expiryRequired);
        this.rotationGrace = builder.rotationGrace;
        this.revokeUnusedAfter = Optional.ofNullable(builder.revokeUnusedAfter);
        this.retention = builder.retention;
        this.sweepInterval = builder.sweepInterval;
        this.eventListeners = List.copyOf(builder.eventListeners);
        this.storeDecorator = builder.storeDecorator;
        this.names = builder.names;
    }
}
