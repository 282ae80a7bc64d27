package dev.patauth;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Times how long a change on one node takes to be seen on another, and reports p50/p99. */
final class Propagation {

    private static final Logger log = LoggerFactory.getLogger(Propagation.class);

    private final List<Long> micros = new ArrayList<>();

    /** Waits, within {@code bound}, until {@code seen} holds, and records how long it took from {@code sinceNanos}. */
    void awaitSeen(long sinceNanos, Duration bound, BooleanSupplier seen) {
        await().atMost(bound).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(seen::getAsBoolean);
        micros.add((System.nanoTime() - sinceNanos) / 1_000);
    }

    void report(String what) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        log.info("{}: {} revocations, propagation p50 {} ms, p99 {} ms, max {} ms", what, sorted.size(),
                millis(percentile(sorted, 50)), millis(percentile(sorted, 99)), millis(sorted.get(sorted.size() - 1)));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
