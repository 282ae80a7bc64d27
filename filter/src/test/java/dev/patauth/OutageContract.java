package dev.patauth;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database becomes unreachable under a running webapp and comes back: tokens already
 * verified keep working, the rest get 503 (never 401), and everything recovers without a
 * restart. Each database's subclass says how it goes away and comes back.
 */
abstract class OutageContract {

    private PatAuth engine;
    private ServletContainer jetty;

    /** Starts the database (or what stands in front of it) and answers the engine's JDBC URL. */
    abstract String startDatabase() throws Exception;

    /** Makes the database unreachable. */
    abstract void cutDatabase() throws Exception;

    /** Makes it reachable again. */
    abstract void restoreDatabase() throws Exception;

    abstract void closeDatabase() throws Exception;

    @BeforeEach
    void start() throws Exception {
        engine = PatAuth.builder().jdbcUrl(startDatabase(), null, null).build();
        jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        engine.close();
        closeDatabase();
    }

    @Test
    void cachedTokensSurviveAnOutageAndUncachedOnesGet503UntilItEnds() throws Exception {
        URI api = jetty.uri("/api/echo");
        String cached = engine.create("alice", "cached").token();
        String uncached = engine.create("alice", "uncached").token();
        CreatedToken revoked = engine.create("alice", "revoked after the outage");
        assertStatus(Http.getWithToken(api, cached), 200);
        assertStatus(Http.getWithToken(api, revoked.token()), 200);

        cutDatabase();

        assertStatus(Http.getWithToken(api, cached), 200);
        assertStatus(Http.getWithToken(api, uncached), 503);
        assertThat(Http.getWithToken(api, uncached).headers().firstValue("Retry-After")).isPresent();
        assertStatus(Http.getWithToken(api, cached), 200);

        restoreDatabase();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertStatus(Http.getWithToken(api, uncached), 200));
        assertStatus(Http.getWithToken(api, cached), 200);
        engine.revoke("alice", revoked.info().id());
        assertStatus(Http.getWithToken(api, revoked.token()), 401);
        assertStatus(Http.getWithToken(api, TokenFormat.generate(new SecureRandom())), 401);
    }
}
