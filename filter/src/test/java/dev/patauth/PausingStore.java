package dev.patauth;

import dev.patauth.store.LastUse;
import dev.patauth.store.Listing;
import dev.patauth.store.Revoked;
import dev.patauth.store.StoredToken;
import dev.patauth.store.TokenHash;
import dev.patauth.store.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The real store, except that once armed, the next lookup pauses after its SELECT returned
 * and before its answer reaches the cache, until the test releases it; or, once slowed, every
 * lookup takes a while, like one of a busy database.
 */
final class PausingStore implements TokenStore {

    private final TokenStore delegate;
    private volatile CountDownLatch paused;
    private volatile CountDownLatch release;
    private volatile Duration slowness = Duration.ZERO;

    PausingStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    void armNextLookup() {
        paused = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    boolean lookupIsPaused() {
        return paused != null && paused.getCount() == 0;
    }

    void releaseLookup() {
        release.countDown();
    }

    /** From now on, every lookup takes at least this long. */
    void slowLookups(Duration slowness) {
        this.slowness = slowness;
    }

    @Override
    public Optional<StoredToken> findByHash(TokenHash hash) {
        if (!slowness.isZero()) {
            try {
                // the sleep is the point: it is a slow database's answer time, the window in which
                // concurrent requests pass the throttle's check before any refusal is counted. A
                // barrier cannot stand in for it: Caffeine loads keys that share a hash bin one
                // after another, so not every lookup can be under way at once (tried: it hung)
                Thread.sleep(slowness.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Optional<StoredToken> found = delegate.findByHash(hash);
        CountDownLatch pause = paused;
        if (pause != null && pause.getCount() > 0) {
            pause.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the paused lookup");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return found;
    }

    @Override
    public boolean insert(StoredToken token, TokenHash hash, int limit, Instant now) {
        return delegate.insert(token, hash, limit, now);
    }

    @Override
    public List<StoredToken> listActive(String userId, Instant now) {
        return delegate.listActive(userId, now);
    }

    @Override
    public Optional<Revoked> revoke(String userId, TokenId id, RevocationReason reason, Instant now) {
        return delegate.revoke(userId, id, reason, now);
    }

    @Override
    public Optional<Revoked> revokeAny(TokenId id, RevocationReason reason, Instant now) {
        return delegate.revokeAny(id, reason, now);
    }

    @Override
    public List<Revoked> revokeAll(String userId, RevocationReason reason, Instant now) {
        return delegate.revokeAll(userId, reason, now);
    }

    @Override
    public List<StoredToken> list(Listing listing, Instant now) {
        return delegate.list(listing, now);
    }

    @Override
    public Optional<Revoked> rotate(String userId, TokenId id, UnaryOperator<StoredToken> successor,
                                    TokenHash successorHash, Duration grace, Instant now) {
        return delegate.rotate(userId, id, successor, successorHash, grace, now);
    }

    @Override
    public void invalidateUser(String userId, Instant now) {
        delegate.invalidateUser(userId, now);
    }

    @Override
    public void recordLastUsed(Map<TokenId, LastUse> lastUses) {
        delegate.recordLastUsed(lastUses);
    }

    @Override
    public boolean claimSweep(Instant now, Duration interval) {
        return delegate.claimSweep(now, interval);
    }

    @Override
    public List<Revoked> revokeUnused(Instant unusedSince, int max, Instant now) {
        return delegate.revokeUnused(unusedSince, max, now);
    }

    @Override
    public int deleteRetired(Instant before) {
        return delegate.deleteRetired(before);
    }

    @Override
    public List<StoredToken> takeExpiryWarnings(Instant now, Instant by, int days, int max) {
        return delegate.takeExpiryWarnings(now, by, days, max);
    }
}
