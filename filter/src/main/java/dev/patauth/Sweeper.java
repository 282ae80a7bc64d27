package dev.patauth;

import dev.patauth.store.EngineThreads;
import dev.patauth.store.Revoked;
import dev.patauth.store.StoredToken;
import dev.patauth.store.TokenHash;
import dev.patauth.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic upkeep of the token table, done by one node per {@code patauth.sweep.interval}
 * (whichever claims the interval in the database first): revokes tokens unused for
 * {@code patauth.inactive.revoke-after}, warns of tokens that expire within 7 days and within
 * 1 day (once each, per token), and deletes rows revoked or expired longer than
 * {@code patauth.retention} ago. Every node asks once a minute (or once per interval, if that is
 * shorter) whether the interval is up: one cheap UPDATE.
 */
final class Sweeper implements AutoCloseable {

    /** Days before expiry at which a token's owner is warned, the nearest first (see {@link #warn}). */
    private static final int[] WARNING_DAYS = {1, 7};
    /** Rows per transaction, so that a sweep of many rows holds no lock for long. */
    private static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final TokenStore store;
    private final Clock clock;
    private final Duration interval;
    private final Optional<Duration> revokeUnusedAfter;
    private final Duration retention;
    private final Consumer<TokenHash> dropFromCache;
    private final Consumer<TokenEvent> events;
    private final EngineThreads threads = new EngineThreads("patauth-sweeper");
    private final ScheduledExecutorService scheduler;
    private volatile boolean failing;

    Sweeper(PatAuthConfig config, TokenStore store, Consumer<TokenHash> dropFromCache,
            Consumer<TokenEvent> events) {
        this.store = store;
        this.clock = config.clock;
        this.interval = config.sweepInterval;
        this.revokeUnusedAfter = config.revokeUnusedAfter;
        this.retention = config.retention;
        this.dropFromCache = dropFromCache;
        this.events = events;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
        long every = Math.min(interval.toMillis(), Duration.ofMinutes(1).toMillis());
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Sweeps if this node claims the interval; false when another node has swept within it. */
    boolean sweep() {
        Instant now = clock.instant();
        if (!store.claimSweep(now, interval)) {
            return false;
        }
        int revoked = 0;
        if (revokeUnusedAfter.isPresent()) {
            List<Revoked> batch;
            do {
                batch = store.revokeUnused(now.minus(revokeUnusedAfter.get()), BATCH, now);
                for (Revoked unused : batch) {
                    dropFromCache.accept(unused.hash());
                    StoredToken token = unused.token();
                    events.accept(TokenEvent.of(TokenEvent.Type.REVOKED, token.userId(), now)
                            .token(token.id(), token.name()).reason(RevocationReason.INACTIVITY)
                            .expiresAt(token.expiresAt()).build());
                }
                revoked += batch.size();
            } while (batch.size() == BATCH);
        }
        int warned = 0;
        for (int days : WARNING_DAYS) {
            warned += warn(now, days);
        }
        int deleted = store.deleteRetired(now.minus(retention));
        if (revoked + warned + deleted > 0) {
            log.info("patauth swept its tokens: {} revoked as unused, {} expiry warnings, {} old rows deleted",
                    revoked, warned, deleted);
        }
        return true;
    }

    /**
     * Warns of tokens that expire within {@code days} and have had no warning this near yet. The
     * nearest threshold goes first, so a token found within 1 day is marked and not also warned of
     * 7 days. A token whose whole lifetime is within the threshold (a 5-day token, for 7 days) is
     * marked without a warning: its owner chose that date days ago, not weeks.
     */
    private int warn(Instant now, int days) {
        Duration threshold = Duration.ofDays(days);
        int warned = 0;
        List<StoredToken> batch;
        do {
            batch = store.takeExpiryWarnings(now, now.plus(threshold), days, BATCH);
            for (StoredToken token : batch) {
                Instant expiresAt = token.expiresAt().orElseThrow();
                if (Duration.between(token.createdAt(), expiresAt).compareTo(threshold) > 0) {
                    events.accept(TokenEvent.of(TokenEvent.Type.EXPIRING_SOON, token.userId(), now)
                            .token(token.id(), token.name()).expiresAt(token.expiresAt()).build());
                    warned++;
                }
            }
        } while (batch.size() == BATCH);
        return warned;
    }

    private void sweepQuietly() {
        try {
            sweep();
            if (failing) {
                failing = false;
                log.info("patauth sweeps its tokens again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("patauth could not sweep its tokens and tries again: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.awaitEnd(Duration.ofSeconds(5));
    }
}
