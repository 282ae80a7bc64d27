package dev.patauth;

import dev.patauth.store.EngineThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes reports of leaked tokens and checks them on a thread of its own, after the reporter
 * has had its answer. Whether a report is taken depends only on how many tokens its address
 * reported this minute and how many wait in total, never on what the tokens are; and since no
 * token is even hashed before the answer, neither the answer nor its timing says which ones
 * were real. Doing the same work for every token instead cannot hide it: revoking a real token
 * writes and commits, which costs the database far more than finding no row.
 *
 * <p>A token that cannot be checked because the database is down waits, with the rest of the
 * queue, until it answers again. At most {@value #MAX_WAITING} tokens wait; when that many do,
 * reports are refused with a short Retry-After, which again depends on no token.
 */
final class LeakReports implements AutoCloseable {

    static final int MAX_WAITING = 10_000;

    private static final Logger log = LoggerFactory.getLogger(LeakReports.class);
    private static final Duration FULL_RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration OUTAGE_RETRY = Duration.ofSeconds(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final AddressBudget budget;
    private final Consumer<String> revokeIfReal;
    private final Semaphore room = new Semaphore(MAX_WAITING);
    private final EngineThreads threads = new EngineThreads("patauth-leak-reports");
    private final ThreadPoolExecutor worker;
    private volatile boolean waitingForDatabase;

    /**
     * @param perAddressPerMinute tokens one address may report per minute
     * @param revokeIfReal        revokes the token if it is real and active; throws
     *                            {@link PatAuthUnavailableException} when the database cannot say
     */
    LeakReports(int perAddressPerMinute, Consumer<String> revokeIfReal) {
        this.budget = new AddressBudget(perAddressPerMinute);
        this.revokeIfReal = revokeIfReal;
        // its one thread starts with the first report
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    }

    /**
     * Takes the report, or refuses it whole.
     *
     * @throws ThrottledException when the address has reported its share of tokens this minute,
     *                            or {@value #MAX_WAITING} tokens are waiting to be checked
     */
    void report(Collection<String> leaked, String clientAddress) {
        if (leaked.size() > MAX_WAITING) {
            throw new IllegalArgumentException("Report at most " + MAX_WAITING + " tokens at a time, got " + leaked.size());
        }
        List<String> tokens = new ArrayList<>(leaked);
        budget.spend(clientAddress, tokens.size()).ifPresent(wait -> {
            throw new ThrottledException("Too many tokens reported from this address", wait);
        });
        if (!room.tryAcquire(tokens.size())) {
            throw new ThrottledException("Too many reported tokens are waiting to be checked", FULL_RETRY_AFTER);
        }
        try {
            worker.execute(() -> check(tokens));
        } catch (RuntimeException rejected) {
            room.release(tokens.size());
            throw rejected;
        }
    }

    private void check(List<String> tokens) {
        for (String token : tokens) {
            try {
                checkUntilTheDatabaseAnswers(token);
            } catch (InterruptedException stopping) {
                // close() gave up waiting; what is left stays unchecked, and close() says so
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("patauth could not check a reported token", e);
            } finally {
                room.release();
            }
        }
    }

    private void checkUntilTheDatabaseAnswers(String token) throws InterruptedException {
        while (true) {
            try {
                revokeIfReal.accept(token);
                if (waitingForDatabase) {
                    waitingForDatabase = false;
                    log.info("patauth checks reported tokens again");
                }
                return;
            } catch (PatAuthUnavailableException e) {
                if (!waitingForDatabase) {
                    waitingForDatabase = true;
                    log.warn("patauth cannot check reported tokens until its database answers again; they wait: {}",
                            e.getMessage());
                }
                Thread.sleep(OUTAGE_RETRY.toMillis());
            }
        }
    }

    /** Checks what is waiting for a few seconds more, then stops, and waits for its thread to end. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                int unchecked = MAX_WAITING - room.availablePermits();
                worker.shutdownNow();
                log.warn("patauth stopped before it checked {} reported tokens", unchecked);
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        threads.awaitEnd(Duration.ofSeconds(5));
    }
}
