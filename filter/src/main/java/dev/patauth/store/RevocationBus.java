package dev.patauth.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Carries revocations and account changes from the node where they happen to every other
 * node sharing the database. Announcements run inside the revoking transaction, so news
 * leaves only if the change commits.
 */
public interface RevocationBus extends AutoCloseable {

    void announceRevocation(Connection transaction, TokenHash hash) throws SQLException;

    void announceUserChange(Connection transaction, String userId, Instant now) throws SQLException;

    /** Starts delivering other nodes' news to {@code sink}, on a daemon thread of its own. */
    void start(Invalidations sink);

    /** Whether news from other nodes is arriving now (false while reconnecting or failing to poll). */
    boolean isConnected();

    /**
     * Since when news has been arriving without a break: the last {@code LISTEN} that succeeded,
     * or the start or the first successful poll after a failed one; empty while it is not
     * arriving, and always for {@link #none()}.
     */
    Optional<Instant> connectedSince();

    /** How often news started arriving again after a break (a new {@code LISTEN}, a poll after failed ones). */
    long reconnects();

    @Override
    void close();

    /** For {@code patauth.invalidation=none}: only the cache TTL bounds staleness elsewhere. */
    static RevocationBus none() {
        return new RevocationBus() {
            @Override
            public void announceRevocation(Connection transaction, TokenHash hash) {
            }

            @Override
            public void announceUserChange(Connection transaction, String userId, Instant now) {
            }

            @Override
            public void start(Invalidations sink) {
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public Optional<Instant> connectedSince() {
                return Optional.empty();
            }

            @Override
            public long reconnects() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
