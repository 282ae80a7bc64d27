package dev.patauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an engine has done since it started, as {@link PatAuth#statistics()} read it: counts
 * only grow, the rest is the state at {@link #takenAt()}. The counts are read one after the
 * other while requests go on, so two of them may be a request apart. Only patauth constructs
 * it; it may gain accessors. {@code dev.patauth.metrics.PatAuthMetrics} publishes it to Micrometer.
 */
public final class PatAuthStatistics {

    private final long authenticated;
    private final long refused;
    private final long throttled;
    private final long unavailable;
    private final long cacheSize;
    private final long cacheHits;
    private final long cacheMisses;
    private final long databaseLookups;
    private final Duration databaseLookupTime;
    private final Duration databaseLookupMax;
    private final long lastUsedFlushes;
    private final long lastUsedRows;
    private final PatAuth.Invalidation invalidation;
    private final boolean listenerConnected;
    private final Optional<Instant> listenerConnectedSince;
    private final long listenerReconnects;
    private final Instant takenAt;

    PatAuthStatistics(Counters counters, long cacheSize, PatAuth.Invalidation invalidation, boolean listenerConnected,
                      Optional<Instant> listenerConnectedSince, long listenerReconnects, Instant takenAt) {
        this.authenticated = counters.authenticated.sum();
        this.refused = counters.refusedMalformed.sum() + counters.refusedInvalid.sum();
        this.throttled = counters.throttledBefore.sum() + counters.throttledMalformed.sum() + counters.throttledInvalid.sum();
        this.unavailable = counters.unavailable.sum();
        this.cacheSize = cacheSize;
        // lookups first: a request between the two reads then makes the hits one more, never negative
        long lookups = counters.lookups.sum();
        this.databaseLookupTime = Duration.ofNanos(counters.lookupNanos.sum());
        this.databaseLookupMax = Duration.ofNanos(counters.lookupMaxNanos.get());
        long requests = counters.cacheRequests();
        this.databaseLookups = lookups;
        this.cacheMisses = Math.min(lookups, requests);
        this.cacheHits = requests - cacheMisses;
        this.lastUsedFlushes = counters.lastUsedFlushes.sum();
        this.lastUsedRows = counters.lastUsedRows.sum();
        this.invalidation = invalidation;
        this.listenerConnected = listenerConnected;
        this.listenerConnectedSince = Objects.requireNonNull(listenerConnectedSince);
        this.listenerReconnects = listenerReconnects;
        this.takenAt = takenAt;
    }

    /** Authentications answered {@link AuthResult.Authenticated}. */
    public long authenticated() {
        return authenticated;
    }

    /** Authentications answered {@link AuthResult.Refused}: malformed, unknown, revoked or expired tokens. */
    public long refused() {
        return refused;
    }

    /** Authentications answered {@link AuthResult.Throttled}: the client's address had too many tokens refused. */
    public long throttled() {
        return throttled;
    }

    /** Authentications answered {@link AuthResult.Unavailable}: the answer needed the database, which did not answer. */
    public long unavailable() {
        return unavailable;
    }

    /** Token hashes in the cache now, known and unknown ones; an estimate, as Caffeine gives it. */
    public long cacheSize() {
        return cacheSize;
    }

    /** Authentications of well-formed tokens that the cache answered without the database. */
    public long cacheHits() {
        return cacheHits;
    }

    /**
     * Authentications of well-formed tokens that had to ask the database. Reported leaked tokens
     * are checked through the same cache and count as {@link #databaseLookups()} only, so this is
     * {@code databaseLookups} except while leak reports are checked.
     */
    public long cacheMisses() {
        return cacheMisses;
    }

    /** {@link #cacheHits()} over hits and misses since the start; NaN before the first well-formed token. */
    public double cacheHitRatio() {
        long requests = cacheHits + cacheMisses;
        return requests == 0 ? Double.NaN : (double) cacheHits / requests;
    }

    /** Token lookups that reached the database (cache misses, including failed ones), at most one per distinct token per cache period. */
    public long databaseLookups() {
        return databaseLookups;
    }

    /** How long {@link #databaseLookups()} took in all, connection wait included. */
    public Duration databaseLookupTime() {
        return databaseLookupTime;
    }

    /** The longest of {@link #databaseLookups()} since the start; zero before the first. */
    public Duration databaseLookupMax() {
        return databaseLookupMax;
    }

    /** Batched last-used writes (one {@code UPDATE} batch each) that reached the database. */
    public long lastUsedFlushes() {
        return lastUsedFlushes;
    }

    /** Last-used times those writes carried, one token row each: at most one per token per {@code patauth.last-used.interval}. */
    public long lastUsedRows() {
        return lastUsedRows;
    }

    /** How other nodes' revocations reach this one: {@code NOTIFY}, {@code POLL} or {@code NONE}, never {@code AUTO}. */
    public PatAuth.Invalidation invalidation() {
        return invalidation;
    }

    /**
     * Whether other nodes' revocations arrive now: with {@code NOTIFY}, the {@code LISTEN}
     * connection is up; with {@code POLL}, the last poll succeeded; with {@code NONE}, always true.
     */
    public boolean listenerConnected() {
        return listenerConnected;
    }

    /** Since when {@link #listenerConnected()} has been true without a break; empty while false, and with {@code NONE}. */
    public Optional<Instant> listenerConnectedSince() {
        return listenerConnectedSince;
    }

    /** How often the listener came back after a break: a new {@code LISTEN} connection, or a poll that succeeded after failed ones. */
    public long listenerReconnects() {
        return listenerReconnects;
    }

    /** When these were read. */
    public Instant takenAt() {
        return takenAt;
    }

    @Override
    public String toString() {
        return "PatAuthStatistics[authenticated=" + authenticated + ", refused=" + refused + ", throttled=" + throttled
                + ", unavailable=" + unavailable + ", cacheSize=" + cacheSize + ", cacheHits=" + cacheHits
                + ", cacheMisses=" + cacheMisses + ", databaseLookups=" + databaseLookups + ", databaseLookupTime="
                + databaseLookupTime + ", lastUsedFlushes=" + lastUsedFlushes + ", lastUsedRows=" + lastUsedRows
                + ", invalidation=" + invalidation + ", listenerConnected=" + listenerConnected + ", takenAt=" + takenAt + "]";
    }
}
