package dev.patauth;

import dev.patauth.store.StoredToken;
import java.util.Optional;
import java.util.Set;

/**
 * What the cache holds for one token hash: the active token, or the fact that none exists.
 * A hit should cost a few field reads, so the expiry is kept as a number and the answer for
 * the owner's current roles is built once and reused until those roles change.
 *
 * <p>The cache keeps every entry for {@code patauth.cache.ttl}, one fixed duration (a per-entry
 * duration costs Caffeine a timer wheel on every hit); that an unknown token is remembered for
 * the shorter {@code patauth.cache.negative-ttl} is this entry's own deadline, checked on the
 * refusal path only.
 */
final class Lookup {

    private final String userId;
    private final TokenInfo info;
    private final long expiresAtMillis;
    /** For an unknown token: when, in {@link System#nanoTime()}, it must be looked up again. */
    private final long staleAtNanos;
    /**
     * The answer of a known token when the app resolves no roles, built once with the entry, so
     * that a hit reads nothing beyond this object; null otherwise.
     */
    private final AuthResult.Authenticated fixedAnswer;
    /** With roles: the answer for the roles it was built with; null until the first hit. */
    private volatile AuthResult.Authenticated answer;
    /** Set on the first use after a last-used flush; the flush clears it. */
    volatile boolean usedSinceFlush;
    /** The client address of the latest use this node recorded (or the database had), to notice a new one. */
    volatile String seenAddress;
    /** The address the database holds for the token, as far as this node knows. */
    volatile String storedAddress;

    private Lookup(String userId, TokenInfo info, long staleAtNanos, Set<String> fixedRoles) {
        this.userId = userId;
        this.info = info;
        this.staleAtNanos = staleAtNanos;
        this.fixedAnswer = info == null || fixedRoles == null ? null
                : new AuthResult.Authenticated(new TokenPrincipal(userId, info.id(), info.name(), fixedRoles, info.scopes()));
        this.expiresAtMillis = info == null ? Long.MIN_VALUE
                : info.expiresAt().map(expiry -> expiry.toEpochMilli()).orElse(Long.MAX_VALUE);
        this.seenAddress = info == null ? null : info.lastUsedAddress().orElse(null);
        this.storedAddress = seenAddress;
    }

    /**
     * What the store found for a hash: the token, or nothing, which is to be looked up again
     * after {@code negativeTtlNanos}. {@code fixedRoles}: the roles of every owner when the app
     * resolves none, or null when it does.
     */
    static Lookup of(Optional<StoredToken> found, Scopes scopes, long negativeTtlNanos, Set<String> fixedRoles) {
        return found.map(token -> new Lookup(token.userId(), TokenInfo.of(token, scopes), Long.MAX_VALUE, fixedRoles))
                .orElseGet(() -> new Lookup(null, null, System.nanoTime() + negativeTtlNanos, null));
    }

    boolean isKnown() {
        return info != null;
    }

    /** Whether this is an unknown token whose negative TTL is over, so the store must be asked again. */
    boolean isStaleUnknown() {
        return info == null && System.nanoTime() - staleAtNanos >= 0;
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

    /** The answer of a known token when the app resolves no roles. */
    AuthResult.Authenticated fixedAnswer() {
        return fixedAnswer;
    }

    /** The answer of a known token for these roles (an immutable set from the roles cache). */
    AuthResult.Authenticated answer(Set<String> roles) {
        AuthResult.Authenticated cached = answer;
        if (cached != null && cached.principal().roles() == roles) {
            return cached;
        }
        AuthResult.Authenticated built = new AuthResult.Authenticated(
                new TokenPrincipal(userId, info.id(), info.name(), roles, info.scopes()));
        answer = built;
        return built;
    }
}
