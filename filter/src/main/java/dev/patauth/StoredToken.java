package dev.patauth;

import java.time.Instant;

/** A token row as the store returns it: its owner and what may be shown about it. */
record StoredToken(String userId, TokenInfo info) {

    boolean isExpiredAt(Instant now) {
        return info.expiresAt().map(expiry -> !now.isBefore(expiry)).orElse(false);
    }
}
