package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A revocation that commits while a lookup of the same token is in flight: the lookup read
 * the token as active, but its answer must not outlive the revocation in the cache.
 */
class InFlightRevocationTest {

    private String url;
    private PausingStore pausing;
    private PatAuth paused;
    private PatAuth other;

    @BeforeEach
    void start() {
        url = TestDatabases.newPostgres();
        paused = PatAuth.builder().jdbcUrl(url, null, null)
                .decorateStore(store -> pausing = new PausingStore(store))
                .build();
        other = PatAuth.builder().jdbcUrl(url, null, null).build();
    }

    @AfterEach
    void stop() {
        paused.close();
        other.close();
    }

    @Test
    void localRevocationDuringALookupLeavesTheTokenRefused() {
        CreatedToken created = paused.create("alice", "racing");
        pausing.armNextLookup();
        CompletableFuture<Optional<TokenPrincipal>> inFlight = CompletableFuture.supplyAsync(() -> principalOf(paused, created.token()));
        await().atMost(Duration.ofSeconds(5)).until(pausing::lookupIsPaused);

        Thread revoker = new Thread(() -> paused.revoke("alice", created.info().id()), "test-revoker");
        revoker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> isInvalidatingTheCache(revoker));

        pausing.releaseLookup();
        inFlight.join();
        await().atMost(Duration.ofSeconds(5)).until(() -> !revoker.isAlive());

        assertThat(principalOf(paused, created.token())).isEmpty();
    }

    @Test
    void revocationFromAnotherNodeDuringALookupLeavesTheTokenRefused() {
        CreatedToken created = other.create("alice", "racing across nodes");
        pausing.armNextLookup();
        CompletableFuture<Optional<TokenPrincipal>> inFlight = CompletableFuture.supplyAsync(() -> principalOf(paused, created.token()));
        await().atMost(Duration.ofSeconds(5)).until(pausing::lookupIsPaused);

        other.revoke("alice", created.info().id());
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("patauth-revocation-listener"))
                .anyMatch(InFlightRevocationTest::isInvalidatingTheCache));

        pausing.releaseLookup();
        inFlight.join();

        await().atMost(Duration.ofSeconds(5)).until(() -> principalOf(paused, created.token()).isEmpty());
    }

    /** The thread is inside the cache's invalidate, held there by the lookup in flight. */
    private static boolean isInvalidatingTheCache(Thread thread) {
        Thread.State state = thread.getState();
        return (state == Thread.State.BLOCKED || state == Thread.State.WAITING)
                && Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("invalidate"));
    }
}
