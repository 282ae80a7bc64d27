package dev.patauth.store;

import dev.patauth.PatAuthStoreException;
import dev.patauth.PatAuthUnavailableException;
import dev.patauth.RevocationReason;
import dev.patauth.TokenId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where tokens live. Every method either completes or throws {@link PatAuthUnavailableException}
 * (the database cannot be reached) or {@link PatAuthStoreException} (it refused the statement);
 * none ever sees a plaintext token, only its hash. Whatever revokes a token tells the other nodes
 * in the same transaction.
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

    /** Revokes the owner's active token, or finds no such token. */
    Optional<Revoked> revoke(String userId, TokenId id, RevocationReason reason, Instant now);

    /** Revokes the active token {@code id}, whoever owns it, or finds no such token. */
    Optional<Revoked> revokeAny(TokenId id, RevocationReason reason, Instant now);

    /** Revokes every active token of the user in one transaction; the revoked ones. */
    List<Revoked> revokeAll(String userId, RevocationReason reason, Instant now);

    /**
     * Up to {@code listing.limit() + 1} active tokens of every owner that pass its filters, in its
     * order, after its cursor: the extra row says that there is another page.
     */
    List<StoredToken> list(Listing listing, Instant now);

    /**
     * Replaces the owner's active token {@code id} with the one {@code successor} makes of it, in
     * one transaction: inserts that one, and revokes the old one, or with a {@code grace} lets
     * it expire that long after {@code now} (sooner if it expired sooner anyway).
     *
     * @return the old token, or empty when the owner has no such active token (nothing written)
     */
    Optional<Revoked> rotate(String userId, TokenId id, UnaryOperator<StoredToken> successor, TokenHash successorHash,
                             Duration grace, Instant now);

    /** Tells every node that the user's account changed, so they ask for the user's roles again. */
    void invalidateUser(String userId, Instant now);

    /** The unrevoked token with this hash, if any (expired or not). */
    Optional<StoredToken> findByHash(TokenHash hash);

    /** Writes last uses in one batch; a stored time is never moved backwards. */
    void recordLastUsed(Map<TokenId, LastUse> lastUses);

    /**
     * Claims the sweep of this interval for the calling node: true for exactly one of the nodes
     * that ask, when no node has claimed one within {@code interval} before {@code now}.
     */
    boolean claimSweep(Instant now, Duration interval);

    /** Revokes up to {@code max} active tokens not used (nor created) since {@code unusedSince}. */
    List<Revoked> revokeUnused(Instant unusedSince, int max, Instant now);

    /** Deletes tokens revoked or expired before {@code before}; returns how many. */
    int deleteRetired(Instant before);

    /**
     * Takes up to {@code max} active tokens that expire after {@code now} and by {@code by} and
     * have had no warning of {@code days} days or fewer yet, and marks them warned.
     */
    List<StoredToken> takeExpiryWarnings(Instant now, Instant by, int days, int max);
}
