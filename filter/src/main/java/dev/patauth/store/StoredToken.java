package dev.patauth.store;

import dev.patauth.TokenId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token row as the store reads and writes it: its owner and what may be shown about it,
 * never the token or its hash. The engine turns it into the public {@code TokenInfo}.
 */
public record StoredToken(String userId, TokenId id, String name, Instant createdAt, Optional<Instant> lastUsedAt,
                          Optional<Instant> expiresAt) {

    public StoredToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
