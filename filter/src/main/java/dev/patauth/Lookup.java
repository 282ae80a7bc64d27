package dev.patauth;

import java.util.Optional;
import java.util.Set;

/**
 * What the cache holds for one token hash: the active token, or the fact that none exists.
 * A hit should cost a few field reads, so the expiry is kept as a number and the answer for
 * the owner's current roles is built once and reused until those roles change.
 */
final class Lookup {

    private static final Lookup UNKNOWN = new Lookup(null);

    private final StoredToken token;
    private final long expiresAtMillis;
    private volatile Optional<TokenPrincipal> answer = Optional.empty();
    /** Set on the first use after a last-used flush; the flush clears it. */
    volatile boolean usedSinceFlush;

    private Lookup(StoredToken token) {
        this.token = token;
        this.expiresAtMillis = token == null ? Long.MIN_VALUE
                : token.info().expiresAt().map(expiry -> expiry.toEpochMilli()).orElse(Long.MAX_VALUE);
    }

    static Lookup unknown() {
        return UNKNOWN;
    }

    static Lookup of(StoredToken token) {
        return new Lookup(token);
    }

    boolean isKnown() {
        return token != null;
    }

    Optional<StoredToken> token() {
        return Optional.ofNullable(token);
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
        TokenInfo info = token.info();
        Optional<TokenPrincipal> built = Optional.of(new TokenPrincipal(token.userId(), info.id(), info.name(), roles));
        answer = built;
        return built;
    }
}
