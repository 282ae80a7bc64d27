package dev.patauth.store;

import dev.patauth.TokenId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A token row as the store reads and writes it: its owner and what may be shown about it,
 * never the token or its hash. The engine turns it into the public {@code TokenInfo}.
 *
 * @param scopes          the token's scopes; empty for every scope the app declares (a token
 *                        created before scopes existed, or while the app declared none)
 * @param lastUsedAddress the client address of the last recorded use
 * @param lastUsedAgent   the {@code User-Agent} of the last recorded use
 */
public record StoredToken(String userId, TokenId id, String name, Instant createdAt, Optional<Instant> lastUsedAt,
                          Optional<Instant> expiresAt, Optional<Set<String>> scopes, Optional<String> lastUsedAddress,
                          Optional<String> lastUsedAgent) {

    public StoredToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(lastUsedAddress, "lastUsedAddress");
        Objects.requireNonNull(lastUsedAgent, "lastUsedAgent");
        scopes = scopes.map(Set::copyOf);
    }

    /** A token about to be created: never used yet. */
    public static StoredToken created(String userId, TokenId id, String name, Instant createdAt,
                                      Optional<Instant> expiresAt, Optional<Set<String>> scopes) {
        return new StoredToken(userId, id, name, createdAt, Optional.empty(), expiresAt, scopes, Optional.empty(),
                Optional.empty());
    }
}
