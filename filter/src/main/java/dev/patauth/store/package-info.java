/**
 * Internal: not part of patauth's API, and may change in any release. Where tokens live and how
 * nodes hear of changes, behind the engine in {@code dev.patauth}, which is its only user.
 *
 * <p>{@link dev.patauth.store.JdbcTokenStore} keeps tokens (by their SHA-256,
 * {@link dev.patauth.store.TokenHash}) with plain JDBC; {@link dev.patauth.store.Dialect} picks
 * the DDL of {@code dev/patauth/schema/} and holds every SQL difference between PostgreSQL,
 * MariaDB/MySQL and H2; a {@link dev.patauth.store.RevocationBus}
 * ({@link dev.patauth.store.PostgresNotifyBus} or {@link dev.patauth.store.PollingBus}) carries
 * revocations to other nodes; {@link dev.patauth.store.OwnedPool} is the pool patauth opens for
 * {@code patauth.jdbc.url}; {@link dev.patauth.store.RoleResolver} runs the app's roles query;
 * {@link dev.patauth.store.DatabaseFailures} tells an outage (503) from a refusal (500). They
 * are public only so that the engine can use them from its own package: integrations use the
 * engine's API and nothing here.
 */
package dev.patauth.store;
