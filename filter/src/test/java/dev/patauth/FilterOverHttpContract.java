package dev.patauth;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.testing.CountingDataSource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every row of the README's RFC 6750 table ("What the filter answers"), over real HTTP, with the real filter in a real
 * container in front of a real PostgreSQL reached through a proxy the test can cut.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterOverHttpContract {

    private static final String FIND_BY_HASH = "SELECT id, user_id, name, created_at, last_used_at, expires_at, scopes, last_used_address, last_used_agent"
            + " FROM patauth_token WHERE token_hash";
    private static final String TOUCH = "UPDATE patauth_token SET last_used_at";

    private final TestClock clock = new TestClock();
    private TcpProxy proxy;
    private HikariDataSource pool;
    private CountingDataSource database;
    private PatAuth engine;
    private ServletContainer container;

    abstract ServletContainer.Kind kind();

    @BeforeAll
    void start() throws Exception {
        String url = TestDatabases.newPostgres();
        TestDatabases.execute(url,
                "CREATE TABLE app_role (user_name VARCHAR(255) NOT NULL, role VARCHAR(50))",
                "INSERT INTO app_role VALUES ('alice', 'member'), ('bob', 'member'), ('bob', 'admin'), ('carol', NULL)");
        proxy = new TcpProxy(TestDatabases.postgresHostAndPort());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.viaHostAndPort(url, proxy.hostAndPort()));
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        pool = new HikariDataSource(config);
        database = new CountingDataSource(pool);
        engine = PatAuth.builder()
                .dataSource(database)
                .rolesQuery("SELECT role FROM app_role WHERE user_name = ?")
                .lastUsedInterval(Duration.ofHours(1))
                .failuresPerMinute(100_000) // these tests refuse many tokens on purpose; ThrottleTest covers the limit
                .clock(clock)
                .build();
        container = kind().start(ServletContainer.Webapp.sharing(engine));
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        engine.close();
        pool.close();
        proxy.close();
    }

    @BeforeEach
    void countFromZero() {
        database.reset();
    }

    private URI api() {
        return container.uri("/api/echo");
    }

    @Test
    void requestWithoutAuthorizationIsChallengedWithoutError() {
        HttpResponse<String> response = Http.get(api());

        assertStatus(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"/app\"");
        assertThat(response.body()).doesNotContain("\"error\"");
    }

    @Test
    void requestWithoutAuthorizationPassesWhereTokensAreOptional() {
        HttpResponse<String> response = Http.get(container.uri("/open/echo"));

        assertStatus(response, 200);
        assertThat(response.body()).contains("user=null");
    }

    @Test
    void otherCredentialsAreChallengedWhereTokensAreRequired() {
        for (String other : List.of("Basic YWxpY2U6c2VjcmV0", "Basic Zm9v, Bearer pat_abc", "Foo bar",
                "Bearer abc", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")) {
            HttpResponse<String> response = Http.get(api(), "Authorization", other);

            assertThat(response.statusCode()).as("%s: %s", other, response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(other).hasValue("Bearer realm=\"/app\"");
            assertThat(response.body()).as(other).doesNotContain("user=");
        }
    }

    @Test
    void otherCredentialsPassThroughWhereTokensAreOptional() {
        for (String other : List.of("Basic YWxpY2U6c2VjcmV0", "Foo bar", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")) {
            HttpResponse<String> response = Http.get(container.uri("/open/echo"), "Authorization", other);

            assertThat(response.statusCode()).as("%s: %s", other, response.body()).isEqualTo(200);
            assertThat(response.body()).as(other).contains("user=null", "authType=null");
        }
    }

    @Test
    void twoAuthorizationHeadersAreABadRequest() {
        String token = engine.create("alice", "laptop").token();

        HttpResponse<String> response = Http.get(api(), "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);

        assertStatus(response, 400);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
        assertThat(response.body()).contains("\"error\":\"invalid_request\"");
    }

    @Test
    void malformedBearerValueIsABadRequest() {
        HttpResponse<String> response = Http.get(api(), "Authorization", "Bearer pat_abc def");

        assertStatus(response, 400);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void tokenOfTheWrongLengthIsRefusedWithoutTouchingTheDatabase() {
        HttpResponse<String> response = Http.getWithToken(api(), "pat_tooShort123");

        assertStatus(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(database.executions("SELECT")).isZero();
    }

    @Test
    void tokenWithABadChecksumIsRefusedWithoutTouchingTheDatabase() {
        String token = engine.create("alice", "typo").token();
        database.reset();
        String typo = token.substring(0, 10) + (token.charAt(10) == 'a' ? 'b' : 'a') + token.substring(11);

        HttpResponse<String> response = Http.getWithToken(api(), typo);

        assertStatus(response, 401);
        assertThat(response.body()).contains("\"error\":\"invalid_token\"", "checksum");
        assertThat(database.executions("SELECT")).isZero();
    }

    @Test
    void unknownTokenIsRefusedLikeARevokedOne() {
        String unknown = TokenFormat.generate(new java.security.SecureRandom());
        String revoked = engine.create("alice", "old").token();
        engine.revoke("alice", engine.list("alice").get(0).id());

        HttpResponse<String> unknownResponse = Http.getWithToken(api(), unknown);
        HttpResponse<String> revokedResponse = Http.getWithToken(api(), revoked);

        assertStatus(unknownResponse, 401);
        assertStatus(revokedResponse, 401);
        assertThat(unknownResponse.headers().firstValue("WWW-Authenticate"))
                .isEqualTo(revokedResponse.headers().firstValue("WWW-Authenticate"));
        assertThat(unknownResponse.body()).isEqualTo(revokedResponse.body());
    }

    @Test
    void aFloodOfOneUnknownTokenCostsOneQuery() {
        String unknown = TokenFormat.generate(new java.security.SecureRandom());

        for (int i = 0; i < 100; i++) {
            assertStatus(Http.getWithToken(api(), unknown), 401);
        }

        assertThat(database.executions(FIND_BY_HASH)).isEqualTo(1);
    }

    @Test
    void validTokenMakesItsOwnerTheRemoteUserWithTheirRoles() {
        String token = engine.create("bob", "deploy script").token();

        HttpResponse<String> response = Http.get(api(), "Authorization", "bearer   " + token);

        assertStatus(response, 200);
        assertThat(response.body()).contains("user=bob", "authType=Bearer", "member=true", "admin=true", "token=deploy script");
    }

    /**
     * Jetty keeps a per-connection cache of header fields; matched without regard to case, a
     * token that differs from the one before only in a letter's case would be read as that one.
     */
    @Test
    void aTokenThatDiffersOnlyInALettersCaseIsRefusedOnTheSameConnection() throws Exception {
        String token = engine.create("alice", "kept alive").token();
        int letter = IntStream.range(4, token.length()).filter(i -> Character.isLetter(token.charAt(i))).findFirst().orElseThrow();
        char flipped = Character.isUpperCase(token.charAt(letter))
                ? Character.toLowerCase(token.charAt(letter)) : Character.toUpperCase(token.charAt(letter));
        String twin = token.substring(0, letter) + flipped + token.substring(letter + 1);

        try (RawHttp.Connection connection = RawHttp.connect(api())) {
            RawHttp.Response first = connection.get(RawHttp.header("Authorization", "Bearer " + token));
            RawHttp.Response second = connection.get(RawHttp.header("Authorization", "Bearer " + twin));
            RawHttp.Response third = connection.get(RawHttp.header("Authorization", "Bearer " + token));

            assertThat(first.status()).as("the real token: %s", first.body()).isEqualTo(200);
            assertThat(second.status()).as("its case-changed twin on the same connection: %s", second.body()).isEqualTo(401);
            assertThat(third.status()).as("the real token again: %s", third.body()).isEqualTo(200);
        }
    }

    @Test
    void rolesComeFromTheOwnersCurrentAccount() {
        String alice = engine.create("alice", "reports").token();
        String carol = engine.create("carol", "no roles yet").token();

        assertThat(Http.getWithToken(api(), alice).body()).contains("user=alice", "member=true", "admin=false");
        assertThat(Http.getWithToken(api(), carol).body()).contains("user=carol", "member=false", "admin=false");
    }

    @Test
    void tokenOfAnOwnerWhoNoLongerResolvesIsRefused() {
        String token = engine.create("mallory", "left the company").token();

        HttpResponse<String> response = Http.getWithToken(api(), token);

        assertStatus(response, 401);
        assertThat(response.body()).contains("invalid_token");
    }

    @Test
    void revokedTokenIsRefusedAtOnceEvenThoughItWasCached() {
        CreatedToken created = engine.create("alice", "ci");
        assertStatus(Http.getWithToken(api(), created.token()), 200);

        engine.revoke("alice", created.info().id());

        assertStatus(Http.getWithToken(api(), created.token()), 401);
    }

    @Test
    void expiredTokenIsRefusedEvenThoughItWasCached() {
        String token = engine.create("alice", "one hour", Duration.ofHours(1)).token();
        assertStatus(Http.getWithToken(api(), token), 200);

        clock.advance(Duration.ofHours(2));

        assertStatus(Http.getWithToken(api(), token), 401);
    }

    @Test
    void concurrentFirstRequestsLookTheTokenUpOnceAndCachedRequestsNotAtAll() {
        String token = engine.create("alice", "busy job").token();
        engine.flushLastUsed(); // what earlier tests used is written now, not counted below
        database.reset();

        List<CompletableFuture<HttpResponse<String>>> first = IntStream.range(0, 50)
                .mapToObj(i -> Http.client().sendAsync(HttpRequest.newBuilder(api())
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        assertThat(first).allSatisfy(response -> assertStatus(response.join(), 200));
        assertThat(database.executions(FIND_BY_HASH)).isEqualTo(1);

        database.reset();
        for (int i = 0; i < 1_000; i++) {
            assertStatus(Http.getWithToken(api(), token), 200);
        }
        engine.flushLastUsed();

        assertThat(database.executions(FIND_BY_HASH)).isZero();
        assertThat(database.batchRows(TOUCH)).isEqualTo(1);
    }

    @Test
    void databaseOutageKeepsCachedTokensWorkingAndAnswers503ForTheRest() throws Exception {
        String cached = engine.create("alice", "cached").token();
        String uncached = engine.create("alice", "uncached").token();
        assertStatus(Http.getWithToken(api(), cached), 200);

        proxy.cut();
        try {
            assertStatus(Http.getWithToken(api(), cached), 200);
            HttpResponse<String> refused = Http.getWithToken(api(), uncached);
            assertStatus(refused, 503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        } finally {
            proxy.restore();
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertStatus(Http.getWithToken(api(), uncached), 200));
        assertStatus(Http.getWithToken(api(), cached), 200);
        // the listener is back too (and has emptied the cache), so later tests count lookups from a settled state
        await().atMost(Duration.ofSeconds(30)).until(engine::hearsOtherNodes);
        pool.getHikariPoolMXBean().softEvictConnections();
    }
}
