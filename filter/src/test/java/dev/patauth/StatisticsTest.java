package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.metrics.PatAuthMetrics;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads from a running engine on H2: {@link PatAuth#statistics()} after real
 * authentications of each outcome, the same figures through {@link PatAuthMetrics} in a
 * Micrometer registry, and {@link PatAuth#health()}.
 */
class StatisticsTest {

    private PatAuth engine;

    @BeforeEach
    void start() {
        engine = PatAuth.builder()
                .jdbcUrl(TestDatabases.newH2(), null, null)
                .failuresPerMinute(2)
                .lastUsedInterval(Duration.ofHours(1))
                .build();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void authenticationsAreCountedByOutcomeAndEachDistinctTokenIsLookedUpOnce() {
        String alices = engine.create("alice", "laptop").token();
        String bobs = engine.create("bob", "ci").token();
        String unknown = TokenFormat.generate(new SecureRandom());

        for (int i = 0; i < 3; i++) {
            assertThat(engine.authenticate(alices, "192.0.2.1")).isInstanceOf(AuthResult.Authenticated.class);
        }
        assertThat(engine.authenticate(bobs, "192.0.2.1")).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(engine.authenticate(bobs, "192.0.2.1")).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(engine.authenticate(unknown, "192.0.2.2")).isInstanceOf(AuthResult.Refused.class);
        assertThat(engine.authenticate("pat_typo", "192.0.2.2")).isInstanceOf(AuthResult.Refused.class);
        // the address has had its 2 refusals this minute
        assertThat(engine.authenticate(unknown, "192.0.2.2")).isInstanceOf(AuthResult.Throttled.class);

        PatAuthStatistics statistics = engine.statistics();
        assertThat(statistics.authenticated()).isEqualTo(5);
        assertThat(statistics.refused()).isEqualTo(2);
        assertThat(statistics.throttled()).isEqualTo(1);
        assertThat(statistics.unavailable()).isZero();
        assertThat(statistics.databaseLookups()).as("one per distinct well-formed token").isEqualTo(3);
        assertThat(statistics.databaseLookupTime()).isPositive();
        assertThat(statistics.databaseLookupMax()).isPositive().isLessThanOrEqualTo(statistics.databaseLookupTime());
        assertThat(statistics.cacheMisses()).isEqualTo(3);
        assertThat(statistics.cacheHits()).as("5 authenticated and 1 unknown, of which 3 first sights").isEqualTo(3);
        assertThat(statistics.cacheHitRatio()).isEqualTo(0.5);
        assertThat(statistics.cacheSize()).isEqualTo(3);
        assertThat(statistics.invalidation()).isEqualTo(PatAuth.Invalidation.POLL);
    }

    @Test
    void lastUsedWritesAreCountedPerFlushAndPerToken() {
        String first = engine.create("alice", "laptop").token();
        String second = engine.create("alice", "phone").token();
        engine.authenticate(first, "192.0.2.1");
        engine.authenticate(first, "192.0.2.1");
        engine.authenticate(second, "192.0.2.1");

        engine.flushLastUsed();
        engine.flushLastUsed(); // nothing new: no write

        assertThat(engine.statistics().lastUsedFlushes()).isEqualTo(1);
        assertThat(engine.statistics().lastUsedRows()).isEqualTo(2);

        engine.authenticate(first, "192.0.2.1");
        engine.flushLastUsed();

        assertThat(engine.statistics().lastUsedFlushes()).isEqualTo(2);
        assertThat(engine.statistics().lastUsedRows()).isEqualTo(3);
    }

    @Test
    void micrometerShowsTheStatistics() {
        String token = engine.create("alice", "laptop").token();
        engine.authenticate(token, "192.0.2.1");
        engine.authenticate(token, "192.0.2.1");
        engine.authenticate("not a token", "192.0.2.1");
        engine.flushLastUsed();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new PatAuthMetrics(engine).bindTo(registry);

        assertThat(registry.get("patauth.authentications").tag("result", "authenticated").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("patauth.authentications").tag("result", "refused").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("patauth.authentications").tag("result", "throttled").functionCounter().count()).isZero();
        assertThat(registry.get("patauth.authentications").tag("result", "unavailable").functionCounter().count()).isZero();
        assertThat(registry.get("patauth.cache.size").gauge().value()).isEqualTo(1);
        assertThat(registry.get("patauth.cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("patauth.cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("patauth.cache.hit.ratio").gauge().value()).isEqualTo(0.5);
        FunctionTimer lookups = registry.get("patauth.database.lookups").functionTimer();
        assertThat(lookups.count()).isEqualTo(1);
        assertThat(lookups.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("patauth.database.lookup.max").timeGauge().value(TimeUnit.NANOSECONDS))
                .isEqualTo(lookups.totalTime(TimeUnit.NANOSECONDS));
        assertThat(registry.get("patauth.lastused.flushes").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("patauth.lastused.rows").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("patauth.revocations.listener.connected").tag("invalidation", "poll").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("patauth.revocations.listener.reconnects").tag("invalidation", "poll")
                .functionCounter().count()).isZero();

        engine.authenticate(token, "192.0.2.1");

        assertThat(registry.get("patauth.authentications").tag("result", "authenticated").functionCounter().count())
                .as("read at each scrape").isEqualTo(3);
    }

    @Test
    void aRunningEngineOnH2IsHealthy() {
        PatAuthHealth health = engine.health();

        assertThat(health.databaseUp()).isTrue();
        assertThat(health.invalidation()).isEqualTo(PatAuth.Invalidation.POLL);
        assertThat(health.listenerConnected()).as("polling has not failed").isTrue();
        assertThat(health.listenerConnectedSince()).isPresent();
        assertThat(health.isHealthy()).isTrue();
    }

    @Test
    void withoutInvalidationOnlyTheDatabaseCounts() {
        try (PatAuth alone = PatAuth.builder().jdbcUrl(TestDatabases.newH2(), null, null)
                .invalidation(PatAuth.Invalidation.NONE).build()) {
            PatAuthHealth health = alone.health();

            assertThat(health.isHealthy()).isTrue();
            assertThat(health.listenerConnected()).isTrue();
            assertThat(health.listenerConnectedSince()).isEmpty();
        }
    }
}
