package dev.patauth.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the daemon threads of one part of an engine and, when the engine closes, waits until
 * each has ended: an executor that has terminated may still have a thread finishing, and a
 * container that stops the webapp right after would report it as a leak.
 */
public final class EngineThreads implements ThreadFactory {

    private final String name;
    private final AtomicInteger made = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public EngineThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        int number = made.incrementAndGet();
        Thread thread = new Thread(runnable, number == 1 ? name : name + "-" + number);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /** Waits up to {@code timeout} in all for every thread made here to end. */
    public void awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
