package dev.patauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts refused tokens per client address in one-minute windows. An address over the limit
 * is refused with 429 before its token is even hashed, so guessing costs it time and costs
 * the database nothing.
 */
final class FailureThrottle {

    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int failuresPerMinute;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(1, TimeUnit.MINUTES)
            .build();

    private record Window(long startedNanos, AtomicInteger failures) {
    }

    FailureThrottle(int failuresPerMinute) {
        this.failuresPerMinute = failuresPerMinute;
    }

    /** How long the address must wait, or empty when it may try. */
    Optional<Duration> retryAfter(String address) {
        Window window = windows.getIfPresent(address);
        if (window == null || window.failures().get() < failuresPerMinute) {
            return Optional.empty();
        }
        long left = WINDOW_NANOS - (System.nanoTime() - window.startedNanos());
        return Optional.of(Duration.ofNanos(Math.max(left, TimeUnit.SECONDS.toNanos(1))));
    }

    void recordFailure(String address) {
        windows.get(address, key -> new Window(System.nanoTime(), new AtomicInteger())).failures().incrementAndGet();
    }
}
