package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache keeps entries for one fixed {@code patauth.cache.ttl}; an unknown token is
 * remembered as unknown only for {@code patauth.cache.negative-ttl} and then asked of the
 * database again, while a known token stays answered from memory.
 */
class NegativeCacheTest {

    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(2);

    private final AtomicInteger addresses = new AtomicInteger();
    private PatAuth engine;

    @BeforeEach
    void start() {
        engine = PatAuth.builder()
                .jdbcUrl(TestDatabases.newH2(), null, null)
                .negativeCacheTtl(NEGATIVE_TTL)
                .cacheTtl(Duration.ofMinutes(10))
                .build();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void anUnknownTokenIsLookedUpAgainAfterTheNegativeTtlAndAKnownOneIsNot() {
        String known = engine.create("alice", "laptop").token();
        String unknown = TokenFormat.generate(new SecureRandom());
        assertThat(present(known)).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(present(unknown)).isEqualTo(new AuthResult.Refused(AuthResult.Refused.Reason.INVALID));
        long start = System.nanoTime();
        assertThat(present(unknown)).isEqualTo(new AuthResult.Refused(AuthResult.Refused.Reason.INVALID));
        if (Duration.ofNanos(System.nanoTime() - start).compareTo(NEGATIVE_TTL) < 0) {
            assertThat(engine.statistics().databaseLookups()).as("the unknown token is remembered").isEqualTo(2);
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(present(unknown)).isEqualTo(new AuthResult.Refused(AuthResult.Refused.Reason.INVALID));
            assertThat(engine.statistics().databaseLookups()).as("asked again after the negative ttl").isEqualTo(3);
        });
        assertThat(present(known)).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(engine.statistics().databaseLookups()).as("the known token is still cached").isEqualTo(3);
        assertThat(engine.statistics().cacheSize()).isEqualTo(2);
    }

    /** Each presentation from an address of its own, so the throttle never answers instead. */
    private AuthResult present(String token) {
        return engine.authenticate(token, "192.0.2." + (addresses.incrementAndGet() % 250 + 1));
    }
}
