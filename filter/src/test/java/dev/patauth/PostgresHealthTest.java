package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PatAuth#health()} and the listener's statistics on PostgreSQL, through a TCP proxy
 * that the test cuts: the database and the {@code LISTEN} connection go down together, and
 * come back on their own.
 */
class PostgresHealthTest {

    private TcpProxy proxy;
    private PatAuth engine;

    @BeforeEach
    void start() throws Exception {
        proxy = new TcpProxy(TestDatabases.postgresHostAndPort());
        engine = PatAuth.builder()
                .jdbcUrl(TestDatabases.viaHostAndPort(TestDatabases.newPostgres(), proxy.hostAndPort()), null, null)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        proxy.close();
    }

    @Test
    void healthFollowsTheDatabaseAndTheListenerDownAndUpAgain() throws Exception {
        String cached = engine.create("alice", "cached").token();
        String uncached = engine.create("alice", "uncached").token();
        assertThat(engine.authenticate(cached, "192.0.2.1")).isInstanceOf(AuthResult.Authenticated.class);

        PatAuthHealth up = engine.health();
        assertThat(up.isHealthy()).isTrue();
        assertThat(up.invalidation()).isEqualTo(PatAuth.Invalidation.NOTIFY);
        Instant firstListen = up.listenerConnectedSince().orElseThrow();
        assertThat(engine.statistics().listenerReconnects()).isZero();

        proxy.cut();

        // a bound, not a threshold: a check that hung on the dead database would never return
        await().atMost(Duration.ofSeconds(30)).until(() -> !engine.health().databaseUp());
        await().atMost(Duration.ofSeconds(30)).until(() -> !engine.health().listenerConnected());
        PatAuthHealth down = engine.health();
        assertThat(down.isHealthy()).isFalse();
        assertThat(down.listenerConnectedSince()).isEmpty();
        assertThat(engine.authenticate(uncached, "192.0.2.1")).isInstanceOf(AuthResult.Unavailable.class);
        assertThat(engine.statistics().unavailable()).isEqualTo(1);
        assertThat(engine.statistics().listenerConnected()).isFalse();

        proxy.restore();

        await().atMost(Duration.ofSeconds(30)).until(() -> engine.health().isHealthy());
        assertThat(engine.health().listenerConnectedSince()).get().matches(since -> since.isAfter(firstListen));
        PatAuthStatistics statistics = engine.statistics();
        assertThat(statistics.listenerConnected()).isTrue();
        assertThat(statistics.listenerReconnects()).isEqualTo(1);
        assertThat(engine.authenticate(uncached, "192.0.2.1")).isInstanceOf(AuthResult.Authenticated.class);
    }
}
