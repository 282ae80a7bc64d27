package dev.patauth;

import dev.patauth.store.StoredToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What may be shown about a token after it was created: never the token itself. A value class
 * rather than a record, so that it can grow (scopes, the last-used address) without breaking
 * callers; only patauth makes one.
 */
public final class TokenInfo {

    private final TokenId id;
    private final String name;
    private final Instant createdAt;
    private final Optional<Instant> lastUsedAt;
    private final Optional<Instant> expiresAt;

    TokenInfo(TokenId id, String name, Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> expiresAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.lastUsedAt = Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The public form of a row the store read. */
    static TokenInfo of(StoredToken row) {
        return new TokenInfo(row.id(), row.name(), row.createdAt(), row.lastUsedAt(), row.expiresAt());
    }

    /** The token's id, which names it in the API, the logs and the audit trail. */
    public TokenId id() {
        return id;
    }

    /** The name its owner gave it, as stored: Unicode NFC, without white space at either end. */
    public String name() {
        return name;
    }

    /** When it was created, to the microsecond. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When it was last presented, to within {@code patauth.last-used.interval}; empty when never. */
    public Optional<Instant> lastUsedAt() {
        return lastUsedAt;
    }

    /** When it stops working; empty when it does not expire. */
    public Optional<Instant> expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenInfo that && id.equals(that.id) && name.equals(that.name)
                && createdAt.equals(that.createdAt) && lastUsedAt.equals(that.lastUsedAt) && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, createdAt, lastUsedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "TokenInfo[id=" + id + ", name=" + name + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt
                + ", expiresAt=" + expiresAt + "]";
    }
}
