package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client address that keeps presenting refused tokens is slowed down; others are not. */
class ThrottleTest {

    private static final String GUESSER = "127.0.0.2";
    private static final String HONEST = "127.0.0.3";

    private HikariDataSource pool;
    private CountingDataSource database;
    private PatAuth engine;
    private ServletContainer jetty;

    @BeforeEach
    void start() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.newH2());
        pool = new HikariDataSource(config);
        database = new CountingDataSource(pool);
        engine = PatAuth.builder().dataSource(database).failuresPerMinute(30).build();
        jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        engine.close();
        pool.close();
    }

    @Test
    void afterThirtyRefusedTokensAnAddressGets429WithoutAnyQuery() {
        URI api = jetty.uri("/api/echo");
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 30; i++) {
            String guess = i % 2 == 0 ? TokenFormat.generate(random) : "pat_" + "x".repeat(46);
            assertThat(RawHttp.get(api, GUESSER, RawHttp.header("Authorization", "Bearer " + guess)).status()).isEqualTo(401);
        }
        String valid = engine.create("alice", "honest script").token();
        database.reset();

        RawHttp.Response throttled = RawHttp.get(api, GUESSER, RawHttp.header("Authorization", "Bearer " + TokenFormat.generate(random)));
        RawHttp.Response evenAValidToken = RawHttp.get(api, GUESSER, RawHttp.header("Authorization", "Bearer " + valid));
        RawHttp.Response elsewhere = RawHttp.get(api, HONEST, RawHttp.header("Authorization", "Bearer " + valid));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(evenAValidToken.status()).isEqualTo(429);
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.body()).contains("user=alice");
        assertThat(database.executions("SELECT id, user_id")).as("only the honest client's lookup").isEqualTo(1);
    }

    @Test
    void requestsWithoutTokensAreNotThrottled() {
        URI api = jetty.uri("/api/echo");
        for (int i = 0; i < 40; i++) {
            RawHttp.get(api, GUESSER, RawHttp.header("Authorization", "Bearer pat_nope"));
        }

        assertThat(RawHttp.get(api, GUESSER).status()).as("no Authorization: the usual challenge").isEqualTo(401);
        assertThat(RawHttp.get(api, GUESSER, RawHttp.header("Authorization", "Basic YTpi")).status())
                .as("another scheme where tokens are required: the challenge, not 429").isEqualTo(401);
        assertThat(RawHttp.get(jetty.uri("/open/echo"), GUESSER, RawHttp.header("Authorization", "Basic YTpi")).status())
                .as("another scheme where tokens are optional: it passes").isEqualTo(200);
    }
}
