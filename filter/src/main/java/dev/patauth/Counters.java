package dev.patauth;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's running counts, read by {@link PatAuth#statistics()}. An authentication adds
 * one to exactly one adder, chosen by its outcome and by whether it reached the cache, so the
 * hit ratio costs nothing more; database lookups, which wait for the database anyway, also
 * take their time.
 */
final class Counters {

    final LongAdder authenticated = new LongAdder();
    /** Refused by its shape or checksum: no cache, no I/O. */
    final LongAdder refusedMalformed = new LongAdder();
    /** Refused after the cache (and maybe the database) said it is unknown, revoked or expired. */
    final LongAdder refusedInvalid = new LongAdder();
    /** The address was throttled before the token was looked at. */
    final LongAdder throttledBefore = new LongAdder();
    /** A malformed token was one refusal too many for its address. */
    final LongAdder throttledMalformed = new LongAdder();
    /** A well-formed token, refused after the cache, was one refusal too many for its address. */
    final LongAdder throttledInvalid = new LongAdder();
    final LongAdder unavailable = new LongAdder();

    final LongAdder lookups = new LongAdder();
    final LongAdder lookupNanos = new LongAdder();
    final LongAccumulator lookupMaxNanos = new LongAccumulator(Math::max, 0);

    final LongAdder lastUsedFlushes = new LongAdder();
    final LongAdder lastUsedRows = new LongAdder();

    /** A lookup in the store took this long, whether it answered or failed. */
    void lookedUp(long nanos) {
        lookups.increment();
        lookupNanos.add(nanos);
        lookupMaxNanos.accumulate(nanos);
    }

    /** Authentications that asked the token cache. */
    long cacheRequests() {
        return authenticated.sum() + refusedInvalid.sum() + throttledInvalid.sum() + unavailable.sum();
    }
}
