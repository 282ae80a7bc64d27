package dev.patauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each client address may spend per minute, such as refused tokens or reported tokens,
 * counted in one-minute windows that start with the address's first spending.
 *
 * <p>{@link #spend} adds and decides in one atomic step: a spending is refused exactly when the
 * address had already spent its whole budget before it. So of any number of concurrent
 * spendings of 1 from a fresh address, exactly {@code perMinute} are allowed; a larger spending
 * is allowed whole while anything is left, so a window can end at most one spending over.
 * Refused spendings are counted too, which changes nothing: the address is over already.
 */
final class AddressBudget {

    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long perMinute;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(1, TimeUnit.MINUTES)
            .build();

    private record Window(long startedNanos, AtomicLong spent) {

        Duration left() {
            long left = WINDOW_NANOS - (System.nanoTime() - startedNanos);
            return Duration.ofNanos(Math.max(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }

    AddressBudget(long perMinute) {
        this.perMinute = perMinute;
    }

    /** How long the address must wait when it has spent its budget, or empty when it has some left; spends nothing. */
    Optional<Duration> exhausted(String address) {
        Window window = windows.getIfPresent(address);
        return window == null || window.spent().get() < perMinute ? Optional.empty() : Optional.of(window.left());
    }

    /**
     * Spends {@code amount} of the address's budget.
     *
     * @return empty when the address had some budget left before this spending; otherwise how
     *         long it must wait, and the caller refuses what it was about to do
     */
    Optional<Duration> spend(String address, int amount) {
        Window window = windows.get(address, key -> new Window(System.nanoTime(), new AtomicLong()));
        return window.spent().getAndAdd(amount) < perMinute ? Optional.empty() : Optional.of(window.left());
    }
}
