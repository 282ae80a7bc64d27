package dev.patauth;

import dev.patauth.store.StoredToken;
import java.util.Optional;
import java.util.Set;

/**
 * What the cache holds for one token hash: the active token, or the fact that none exists.
 * A hit should cost a few field reads, so the expiry is kept as a number and the answer for
 * the owner's current roles is built once and reused until those roles change.
 */
final class Lookup {

    private static final Lookup UNKNOWN = new Lookup(null, null);

    private final String userId;
    private final TokenInfo info;
    private final long expiresAtMillis;
    private volatile Optional<TokenPrincipal> answer = Optional.empty();
    /** Set on the first use after a last-used flush; the flush clears it. */
    volatile boolean usedSinceFlush;
    /** The client address of the latest use this node recorded (or the database had), to notice a new one. */
    volatile String seenAddress;
    /** The address the database holds for the token, as far as this node knows. */
    volatile String storedAddress;

    private Lookup(String userId, TokenInfo info) {
        this.userId = userId;
        this.info = info;
        this.expiresAtMillis = info == null ? Long.MIN_VALUE
                : info.expiresAt().map(expiry -> expiry.toEpochMilli()).orElse(Long.MAX_VALUE);
        this.seenAddress = info == null ? null : info.lastUsedAddress().orElse(null);
        this.storedAddress = seenAddress;
    }

    static Lookup unknown() {
        return UNKNOWN;
    }

    /** What the store found for a hash: the token, or nothing. */
    static Lookup of(Optional<StoredToken> found, Scopes scopes) {
        return found.map(token -> new Lookup(token.userId(), TokenInfo.of(token, scopes))).orElse(UNKNOWN);
    }

    boolean isKnown() {
        return info != null;
    }

    /** The owner of a known token. */
    String userId() {
        return userId;
    }

    /** What may be shown about a known token. */
    TokenInfo info() {
        return info;
    }

    /** Whether the token has an expiry at all, so a hit on one that never expires skips the clock. */
    boolean expires() {
        return expiresAtMillis != Long.MAX_VALUE;
    }

    boolean isExpiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** The principal of a known token for these roles (an immutable set from the roles cache). */
    Optional<TokenPrincipal> answer(Set<String> roles) {
        Optional<TokenPrincipal> cached = answer;
        if (cached.isPresent() && cached.get().roles() == roles) {
            return cached;
        }
        Optional<TokenPrincipal> built = Optional.of(new TokenPrincipal(userId, info.id(), info.name(), roles, info.scopes()));
        answer = built;
        return built;
    }
}
