package dev.patauth;

import dev.patauth.store.StoredToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What may be shown about a token after it was created: never the token itself. A value class
 * rather than a record, so that it can grow without breaking
 * callers; only patauth makes one.
 */
public final class TokenInfo {

    private final String user;
    private final TokenId id;
    private final String name;
    private final Instant createdAt;
    private final Optional<Instant> lastUsedAt;
    private final Optional<Instant> expiresAt;
    private final Set<String> scopes;
    private final Optional<String> lastUsedAddress;
    private final Optional<String> lastUsedAgent;

    private TokenInfo(StoredToken row, Set<String> scopes) {
        this.user = row.userId();
        this.id = row.id();
        this.name = row.name();
        this.createdAt = row.createdAt();
        this.lastUsedAt = row.lastUsedAt();
        this.expiresAt = row.expiresAt();
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.lastUsedAddress = row.lastUsedAddress();
        this.lastUsedAgent = row.lastUsedAgent();
    }

    /** The public form of a row the store read, with the scopes it has among those the app declares. */
    static TokenInfo of(StoredToken row, Scopes declared) {
        return new TokenInfo(row, declared.of(row));
    }

    /** The token's owner. */
    public String user() {
        return user;
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

    /**
     * What it may do: its scopes among those the app declares now ({@code patauth.scopes}); a
     * token created before scopes existed has every declared scope; empty when the app declares none.
     */
    public Set<String> scopes() {
        return scopes;
    }

    /** The client address of its last recorded use, as the container reported it; empty when never used. */
    public Optional<String> lastUsedAddress() {
        return lastUsedAddress;
    }

    /** The {@code User-Agent} of its last recorded use, cut to 200 characters; empty when none was sent. */
    public Optional<String> lastUsedAgent() {
        return lastUsedAgent;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenInfo that && user.equals(that.user) && id.equals(that.id) && name.equals(that.name)
                && createdAt.equals(that.createdAt) && lastUsedAt.equals(that.lastUsedAt) && expiresAt.equals(that.expiresAt)
                && scopes.equals(that.scopes) && lastUsedAddress.equals(that.lastUsedAddress)
                && lastUsedAgent.equals(that.lastUsedAgent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, createdAt, lastUsedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "TokenInfo[user=" + user + ", id=" + id + ", name=" + name + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + ", lastUsedAddress=" + lastUsedAddress + "]";
    }
}
