package dev.patauth;

import dev.patauth.store.EngineThreads;
import dev.patauth.store.LastUse;
import dev.patauth.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when and from where tokens were used and writes it in one batched UPDATE per
 * interval, so a token used a thousand times a second still costs at most one write per
 * interval. The address and {@code User-Agent} stored are those of the first use in the
 * interval, or of the latest use from another address than the one before it: so a token used
 * from a new address is noticed (and {@link TokenEvent.Type#USED_FROM_NEW_ADDRESS} sent after
 * the write) without any extra write.
 */
final class LastUsedRecorder implements AutoCloseable {

    /** The columns' sizes. */
    static final int MAX_ADDRESS_LENGTH = 100;
    static final int MAX_AGENT_LENGTH = 200;

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

    private final TokenStore store;
    private final Clock clock;
    private final Consumer<TokenEvent> events;
    private final Counters counters;
    private final ConcurrentHashMap<TokenId, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Lookup> marked = new ConcurrentLinkedQueue<>();
    private final EngineThreads threads = new EngineThreads("patauth-last-used");
    private final ScheduledExecutorService flusher;
    private volatile boolean failing;

    /** A use waiting to be written, with the cache entry whose addresses the write updates. */
    private record Pending(Lookup lookup, LastUse use) {
    }

    LastUsedRecorder(TokenStore store, Clock clock, Duration interval, Consumer<TokenEvent> events, Counters counters) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.counters = counters;
        this.flusher = Executors.newSingleThreadScheduledExecutor(threads);
        long millis = interval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Notes a use of a cached token. The first use since the last flush is queued with its time;
     * every later one in the same interval is a read of a flag and a comparison of its address
     * with the one before, unless the address changed.
     */
    void record(Lookup lookup, String address, String agent) {
        if (!lookup.usedSinceFlush) {
            lookup.usedSinceFlush = true;
            marked.add(lookup);
            queue(lookup, address, agent);
        } else if (!address.equals(lookup.seenAddress)) {
            queue(lookup, address, agent);
        }
    }

    private void queue(Lookup lookup, String address, String agent) {
        lookup.seenAddress = address;
        pending.put(lookup.info().id(), new Pending(lookup, new LastUse(clock.instant(), cut(address, MAX_ADDRESS_LENGTH),
                Optional.ofNullable(agent).map(text -> cut(text, MAX_AGENT_LENGTH)).filter(text -> !text.isEmpty()))));
    }

    /** Writes what was recorded since the last flush. A failed write is kept for the next one. */
    void flush() {
        for (Lookup lookup = marked.poll(); lookup != null; lookup = marked.poll()) {
            lookup.usedSinceFlush = false;
        }
        if (pending.isEmpty()) {
            return;
        }
        Map<TokenId, Pending> batch = new HashMap<>();
        for (TokenId id : pending.keySet()) {
            Pending use = pending.remove(id);
            if (use != null) {
                batch.put(id, use);
            }
        }
        Map<TokenId, LastUse> uses = new HashMap<>();
        batch.forEach((id, use) -> uses.put(id, use.use()));
        try {
            store.recordLastUsed(uses);
        } catch (RuntimeException e) {
            batch.forEach((id, use) -> pending.merge(id, use, (a, b) -> a.use().at().isAfter(b.use().at()) ? a : b));
            throw e;
        }
        counters.lastUsedFlushes.increment();
        counters.lastUsedRows.add(uses.size());
        for (Pending written : batch.values()) {
            Lookup lookup = written.lookup();
            String address = written.use().address();
            String before = lookup.storedAddress;
            if (!address.equals(before)) {
                lookup.storedAddress = address;
                TokenInfo info = lookup.info();
                events.accept(TokenEvent.of(TokenEvent.Type.USED_FROM_NEW_ADDRESS, info, lookup.userId(), written.use().at())
                        .address(address, Optional.ofNullable(before)).expiresAt(info.expiresAt()).build());
            }
        }
    }

    /**
     * At most {@code max} UTF-16 units, never half a character, with control characters
     * replaced: what the client sent is shown on a page and written to logs.
     */
    static String cut(String text, int max) {
        String cut = text.length() <= max ? text
                : text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
        StringBuilder clean = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isISOControl(c)) {
                if (clean == null) {
                    clean = new StringBuilder(cut);
                }
                clean.setCharAt(i, '?');
            }
        }
        return clean == null ? cut : clean.toString();
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
