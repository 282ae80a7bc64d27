package dev.patauth;

import dev.patauth.store.EngineThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the app's listeners on a thread of its own, after the change committed.
 * A full queue drops the event (with one warning per burst) instead of making the request wait.
 */
final class Events implements AutoCloseable {

    static final int QUEUE_CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private final List<TokenEventListener> listeners;
    private final EngineThreads threads = new EngineThreads("patauth-events");
    private final ThreadPoolExecutor delivery;
    private final AtomicBoolean dropping = new AtomicBoolean();

    Events(List<TokenEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY),
                threads, (event, executor) -> dropped(executor));
    }

    /** Hands the event to the listeners; returns at once. */
    void publish(TokenEvent event) {
        if (delivery.isShutdown()) {
            return;
        }
        delivery.execute(() -> deliver(event));
    }

    private void deliver(TokenEvent event) {
        if (dropping.compareAndSet(true, false)) {
            log.info("patauth delivers token events again");
        }
        for (TokenEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("patauth's token event listener {} failed on {}: {}", listener.getClass().getName(), event, e.toString(), e);
            }
        }
    }

    private void dropped(ThreadPoolExecutor executor) {
        // after close, an event of a request still in flight is dropped without a word
        if (!executor.isShutdown() && dropping.compareAndSet(false, true)) {
            log.warn("patauth drops token events: {} wait for a listener that is too slow", QUEUE_CAPACITY);
        }
    }

    /** Delivers what is queued, for up to 5 seconds, then stops. */
    @Override
    public void close() {
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("patauth stops with {} token events undelivered", delivery.getQueue().size());
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delivery.shutdownNow();
        }
        threads.awaitEnd(Duration.ofSeconds(5));
    }
}
