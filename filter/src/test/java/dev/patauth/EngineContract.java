package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against a real database: create, list, revoke, authenticate, limits, last used. */
abstract class EngineContract {

    private final TestClock clock = new TestClock();
    private final List<PatAuth> engines = new ArrayList<>();
    private String url;
    private PatAuth engine;

    abstract String newDatabaseUrl();

    @BeforeEach
    void start() {
        url = newDatabaseUrl();
        engine = newEngine();
    }

    @AfterEach
    void stop() {
        engines.forEach(PatAuth::close);
    }

    private PatAuth newEngine() {
        PatAuth started = PatAuth.builder()
                .jdbcUrl(url, null, null)
                .lastUsedInterval(Duration.ofHours(1))
                .clock(clock)
                .build();
        engines.add(started);
        return started;
    }

    @Test
    void createdTokenAuthenticatesAsItsOwner() {
        CreatedToken created = engine.create("alice", "CI/CD pipeline");

        TokenPrincipal principal = engine.authenticate(created.token()).orElseThrow();

        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.tokenId()).isEqualTo(created.info().id());
        assertThat(principal.tokenName()).isEqualTo("CI/CD pipeline");
    }

    @Test
    void onlyTheHashIsStored() throws Exception {
        CreatedToken created = engine.create("alice", "laptop");

        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM patauth_token")) {
            assertThat(rs.next()).isTrue();
            for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                assertThat(String.valueOf(rs.getObject(column))).doesNotContain(created.token().substring(4));
            }
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(created.token().getBytes(StandardCharsets.US_ASCII));
            assertThat(rs.getBytes("token_hash")).isEqualTo(expected);
        }
        assertThat(created.toString()).doesNotContain(created.token());
    }

    @Test
    void listShowsTheUsersActiveTokensNewestFirstAndNothingElse() {
        CreatedToken first = engine.create("alice", "first");
        clock.advance(Duration.ofSeconds(1));
        CreatedToken second = engine.create("alice", "second", Duration.ofDays(30));
        CreatedToken revoked = engine.create("alice", "revoked");
        engine.revoke("alice", revoked.info().id());
        engine.create("bob", "bob's");

        List<TokenInfo> tokens = engine.list("alice");

        assertThat(tokens).containsExactly(second.info(), first.info());
        assertThat(tokens.get(0).expiresAt()).hasValue(second.info().createdAt().plus(Duration.ofDays(30)));
        assertThat(tokens.get(1).lastUsedAt()).isEmpty();
    }

    @Test
    void revokedTokenIsRefusedAtOnceThoughItWasCached() {
        CreatedToken created = engine.create("alice", "ci");
        assertThat(engine.authenticate(created.token())).isPresent();

        assertThat(engine.revoke("alice", created.info().id())).isTrue();

        assertThat(engine.authenticate(created.token())).isEmpty();
        assertThat(engine.list("alice")).isEmpty();
        assertThat(engine.revoke("alice", created.info().id())).as("revoking twice").isFalse();
    }

    @Test
    void nobodyCanRevokeAnotherUsersToken() {
        CreatedToken bobs = engine.create("bob", "deploy");

        assertThat(engine.revoke("alice", bobs.info().id())).isFalse();

        assertThat(engine.authenticate(bobs.token())).isPresent();
        assertThat(engine.list("bob")).hasSize(1);
    }

    @Test
    void expiredTokenIsRefusedAndNoLongerListed() {
        CreatedToken created = engine.create("alice", "short", Duration.ofMinutes(10));
        assertThat(engine.authenticate(created.token())).isPresent();

        clock.advance(Duration.ofMinutes(11));

        assertThat(engine.authenticate(created.token())).isEmpty();
        assertThat(engine.list("alice")).isEmpty();
    }

    @Test
    void eleventhActiveTokenIsRefusedWithASentenceToAct() {
        for (int i = 1; i <= 10; i++) {
            engine.create("alice", "token " + i);
        }

        assertThatThrownBy(() -> engine.create("alice", "one too many"))
                .isInstanceOf(TokenLimitReachedException.class)
                .hasMessageContaining("Revoke a token you no longer need");
        assertThat(engine.create("bob", "others are not affected")).isNotNull();
    }

    @Test
    void revokedAndExpiredTokensFreeTheirPlace() {
        CreatedToken expiring = engine.create("alice", "expiring", Duration.ofMinutes(1));
        for (int i = 2; i <= 10; i++) {
            engine.create("alice", "token " + i);
        }
        engine.revoke("alice", engine.list("alice").get(0).id());
        engine.create("alice", "after a revoke");
        clock.advance(Duration.ofMinutes(2));

        assertThat(engine.create("alice", "after an expiry")).isNotNull();
        assertThat(engine.list("alice")).hasSize(10).extracting(TokenInfo::id).doesNotContain(expiring.info().id());
    }

    @Test
    void fiftyConcurrentCreatesForOneUserMakeExactlyTen() throws Exception {
        // a pool as large as the crowd, so all fifty really are in the database at once
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(50);
        config.setMinimumIdle(50);
        try (HikariDataSource pool = new HikariDataSource(config);
             PatAuth crowded = PatAuth.builder().dataSource(pool).build()) {
            for (String user : List.of("alice", "bob", "carol")) {
                assertThat(createConcurrently(crowded, user, 50)).as("tokens created for %s", user).isEqualTo(10);
                assertThat(crowded.list(user)).hasSize(10);
            }
        }
    }

    private static int createConcurrently(PatAuth engine, String user, int attempts) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        CyclicBarrier together = new CyclicBarrier(attempts);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                int n = i;
                results.add(threads.submit(() -> {
                    together.await();
                    try {
                        engine.create(user, "concurrent " + n);
                        return true;
                    } catch (TokenLimitReachedException refused) {
                        return false;
                    }
                }));
            }
            int created = 0;
            for (Future<Boolean> result : results) {
                created += result.get() ? 1 : 0;
            }
            return created;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void lastUsedIsWrittenInBatchesAndNeverMovesBackwards() {
        CreatedToken a = engine.create("alice", "a");
        CreatedToken b = engine.create("alice", "b");
        engine.authenticate(a.token());
        engine.authenticate(b.token());

        engine.flushLastUsed();

        assertThat(engine.list("alice")).allSatisfy(info -> assertThat(info.lastUsedAt()).isPresent());
        TokenInfo before = engine.list("alice").get(0);
        PatAuth otherNodeWithASlowClock = PatAuth.builder().jdbcUrl(url, null, null)
                .clock(java.time.Clock.offset(clock, Duration.ofHours(-1))).build();
        engines.add(otherNodeWithASlowClock);
        otherNodeWithASlowClock.authenticate(a.token());
        otherNodeWithASlowClock.authenticate(b.token());
        otherNodeWithASlowClock.flushLastUsed();
        assertThat(engine.list("alice").get(0).lastUsedAt()).isEqualTo(before.lastUsedAt());
    }

    @Test
    void pendingLastUsedIsWrittenWhenTheEngineCloses() {
        CreatedToken created = engine.create("alice", "nightly");
        engine.authenticate(created.token());

        engine.close();

        PatAuth restarted = newEngine();
        assertThat(restarted.list("alice").get(0).lastUsedAt()).isPresent();
    }

    @Test
    void schemaCreationIsIdempotent() {
        CreatedToken created = engine.create("alice", "survives a restart");

        PatAuth second = newEngine();

        assertThat(second.authenticate(created.token())).isPresent();
    }

    @Test
    void badNamesAreRefusedAndOthersKeptExactly() {
        assertThatThrownBy(() -> engine.create("alice", "")).isInstanceOf(InvalidTokenNameException.class);
        assertThatThrownBy(() -> engine.create("alice", "   ")).isInstanceOf(InvalidTokenNameException.class);
        assertThatThrownBy(() -> engine.create("alice", "x".repeat(101))).isInstanceOf(InvalidTokenNameException.class);
        assertThatThrownBy(() -> engine.create("alice", "line\nbreak")).isInstanceOf(InvalidTokenNameException.class);

        String unicode = "Déploiement 🚀 " + "ü".repeat(85);
        engine.create("alice", unicode);
        engine.create("alice", "x".repeat(100));
        engine.create("alice", "Robert'); DROP TABLE patauth_token;--");

        assertThat(engine.list("alice")).extracting(TokenInfo::name)
                .containsExactlyInAnyOrder(unicode, "x".repeat(100), "Robert'); DROP TABLE patauth_token;--");
    }

    @Test
    void malformedTokensAreRefusedWithoutAnyQuery() {
        assertThat(engine.authenticate("pat_nope")).isEmpty();
        assertThat(engine.authenticate("")).isEmpty();
        assertThat(engine.authenticate(null)).isEmpty();
    }
}
