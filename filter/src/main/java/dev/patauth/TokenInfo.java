package dev.patauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What may be shown about a token after it was created: never the token itself. */
public record TokenInfo(TokenId id, String name, Instant createdAt, Optional<Instant> lastUsedAt,
                        Optional<Instant> expiresAt) {

    public TokenInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
