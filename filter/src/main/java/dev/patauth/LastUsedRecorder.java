package dev.patauth;

import dev.patauth.store.EngineThreads;
import dev.patauth.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when tokens were used and writes it in one batched UPDATE per interval, so a
 * token used a thousand times a second still costs at most one write per interval.
 */
final class LastUsedRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

    private final TokenStore store;
    private final Clock clock;
    private final ConcurrentHashMap<TokenId, Instant> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Lookup> marked = new ConcurrentLinkedQueue<>();
    private final EngineThreads threads = new EngineThreads("patauth-last-used");
    private final ScheduledExecutorService flusher;
    private volatile boolean failing;

    LastUsedRecorder(TokenStore store, Clock clock, Duration interval) {
        this.store = store;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(threads);
        long millis = interval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Notes a use of a cached token. The first use since the last flush is queued with its time;
     * every later one in the same interval is a read of a flag the request has just loaded.
     */
    void record(Lookup lookup) {
        if (!lookup.usedSinceFlush) {
            lookup.usedSinceFlush = true;
            marked.add(lookup);
            pending.putIfAbsent(lookup.info().id(), clock.instant());
        }
    }

    /** Writes what was recorded since the last flush. A failed write is kept for the next one. */
    void flush() {
        for (Lookup lookup = marked.poll(); lookup != null; lookup = marked.poll()) {
            lookup.usedSinceFlush = false;
        }
        if (pending.isEmpty()) {
            return;
        }
        Map<TokenId, Instant> batch = new HashMap<>();
        for (TokenId id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            store.recordLastUsed(batch);
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> pending.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
            if (failing) {
                failing = false;
                log.info("patauth writes last-used times again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("patauth could not write last-used times; they are kept in memory and retried: {}",
                        e.getMessage());
            }
        }
    }

    /** Stops the background flush and writes what is left. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.awaitEnd(Duration.ofSeconds(5));
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("patauth could not write last-used times on shutdown: {}", e.getMessage());
        }
    }
}
