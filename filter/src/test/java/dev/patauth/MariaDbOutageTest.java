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
 * MariaDB becomes unreachable under a running webapp (a TCP proxy in front of it is cut): tokens
 * already verified keep working, the rest get 503 (never 401), and everything recovers without
 * a restart. The MariaDB twin of {@link DatabaseRestartTest}.
 */
class MariaDbOutageTest {

    private TcpProxy proxy;
    private PatAuth engine;
    private ServletContainer jetty;

    @BeforeEach
    void start() throws Exception {
        proxy = new TcpProxy(TestDatabases.mariaDbHostAndPort());
        String url = TestDatabases.mariaDbViaHostAndPort(TestDatabases.newMariaDb(), proxy.hostAndPort());
        engine = PatAuth.builder().jdbcUrl(url, null, null).build();
        jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        engine.close();
        proxy.close();
    }

    @Test
    void cachedTokensSurviveAnOutageAndUncachedOnesGet503UntilItEnds() throws Exception {
        URI api = jetty.uri("/api/echo");
        String cached = engine.create("alice", "cached").token();
        String uncached = engine.create("alice", "uncached").token();
        CreatedToken revoked = engine.create("alice", "revoked after the outage");
        assertStatus(Http.getWithToken(api, cached), 200);
        assertStatus(Http.getWithToken(api, revoked.token()), 200);

        proxy.cut();

        assertStatus(Http.getWithToken(api, cached), 200);
        assertStatus(Http.getWithToken(api, uncached), 503);
        assertThat(Http.getWithToken(api, uncached).headers().firstValue("Retry-After")).isPresent();
        assertStatus(Http.getWithToken(api, cached), 200);

        proxy.restore();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertStatus(Http.getWithToken(api, uncached), 200));
        assertStatus(Http.getWithToken(api, cached), 200);
        engine.revoke("alice", revoked.info().id());
        assertStatus(Http.getWithToken(api, revoked.token()), 401);
        assertStatus(Http.getWithToken(api, TokenFormat.generate(new SecureRandom())), 401);
    }
}
