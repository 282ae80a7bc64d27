package dev.patauth.store;

import dev.patauth.PatAuthStoreException;
import dev.patauth.PatAuthUnavailableException;
import dev.patauth.TokenId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where tokens live. Every method either completes or throws {@link PatAuthUnavailableException}
 * (the database cannot be reached) or {@link PatAuthStoreException} (it refused the statement);
 * none ever sees a plaintext token, only its hash.
 */
public interface TokenStore {

    /**
     * Inserts the token unless its owner already has {@code limit} active tokens, atomically.
     *
     * @return false when the owner has {@code limit} active tokens already, and nothing was written
     */
    boolean insert(StoredToken token, TokenHash hash, int limit, Instant now);

    /** The owner's tokens that are neither revoked nor expired at {@code now}, newest first. */
    List<StoredToken> listActive(String userId, Instant now);

    /** Revokes the owner's active token and returns its hash, or empty when there is no such token. */
    Optional<TokenHash> revoke(String userId, TokenId id, Instant now);

    /** Tells every node that the user's account changed, so they ask for the user's roles again. */
    void invalidateUser(String userId, Instant now);

    /** The unrevoked token with this hash, if any (expired or not). */
    Optional<StoredToken> findByHash(TokenHash hash);

    /** Writes last-used times in one batch; a stored time is never moved backwards. */
    void recordLastUsed(Map<TokenId, Instant> lastUsed);
}
