package dev.patauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an engine can do its work, as {@link PatAuth#health()} found it: its database
 * answers, and other nodes' revocations reach it. Only patauth constructs it; it may gain
 * accessors.
 */
public final class PatAuthHealth {

    private final boolean databaseUp;
    private final PatAuth.Invalidation invalidation;
    private final boolean listenerConnected;
    private final Optional<Instant> listenerConnectedSince;
    private final Instant checkedAt;

    PatAuthHealth(boolean databaseUp, PatAuth.Invalidation invalidation, boolean listenerConnected,
                  Optional<Instant> listenerConnectedSince, Instant checkedAt) {
        this.databaseUp = databaseUp;
        this.invalidation = invalidation;
        this.listenerConnected = listenerConnected;
        this.listenerConnectedSince = Objects.requireNonNull(listenerConnectedSince);
        this.checkedAt = checkedAt;
    }

    /**
     * Whether the database answered a validity check (a round trip, {@code Connection.isValid}
     * with a 2-second timeout) on a connection of patauth's pool or DataSource.
     */
    public boolean databaseUp() {
        return databaseUp;
    }

    /** How other nodes' revocations reach this one: {@code NOTIFY}, {@code POLL} or {@code NONE}. */
    public PatAuth.Invalidation invalidation() {
        return invalidation;
    }

    /**
     * Whether other nodes' revocations arrive now: with {@code NOTIFY}, the {@code LISTEN}
     * connection is up; with {@code POLL}, the last poll succeeded; with {@code NONE} (only the
     * cache TTL), always true.
     */
    public boolean listenerConnected() {
        return listenerConnected;
    }

    /** Since when {@link #listenerConnected()} has been true without a break; empty while false, and with {@code NONE}. */
    public Optional<Instant> listenerConnectedSince() {
        return listenerConnectedSince;
    }

    /** When the database was checked. */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** Both {@link #databaseUp()} and {@link #listenerConnected()}. */
    public boolean isHealthy() {
        return databaseUp && listenerConnected;
    }

    @Override
    public String toString() {
        return "PatAuthHealth[databaseUp=" + databaseUp + ", invalidation=" + invalidation + ", listenerConnected="
                + listenerConnected + ", listenerConnectedSince=" + listenerConnectedSince.orElse(null) + ", checkedAt="
                + checkedAt + "]";
    }
}
