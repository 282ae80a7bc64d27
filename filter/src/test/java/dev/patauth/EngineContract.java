package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.store.JdbcTokenStore;
import dev.patauth.store.RevocationBus;
import dev.patauth.store.StoredToken;
import dev.patauth.store.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.SoftAssertions;
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

        TokenPrincipal principal = principalOf(engine, created.token()).orElseThrow();

        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.tokenId()).isEqualTo(created.info().id());
        assertThat(principal.tokenName()).isEqualTo("CI/CD pipeline");
    }

    /** The one path every integration takes: each outcome is a value, none an exception. */
    @Test
    void authenticateAnswersEachOutcomeAsAValue() {
        PatAuth strict = PatAuth.builder().jdbcUrl(url, null, null).failuresPerMinute(3).clock(clock).build();
        engines.add(strict);
        CreatedToken created = strict.create("alice", "CI");
        String unknown = TokenFormat.generate(new java.security.SecureRandom());

        AuthResult valid = strict.authenticate(created.token(), "192.0.2.1");
        assertThat(valid).isInstanceOfSatisfying(AuthResult.Authenticated.class,
                ok -> assertThat(ok.principal().tokenId()).isEqualTo(created.info().id()));
        assertThat(strict.authenticate("pat_typo", "192.0.2.2"))
                .isEqualTo(new AuthResult.Refused(AuthResult.Refused.Reason.MALFORMED));
        assertThat(strict.authenticate(null, "192.0.2.2"))
                .isEqualTo(new AuthResult.Refused(AuthResult.Refused.Reason.MALFORMED));
        assertThat(strict.authenticate(unknown, "192.0.2.2"))
                .isEqualTo(new AuthResult.Refused(AuthResult.Refused.Reason.INVALID));
        // those were the three refusals 192.0.2.2 may have this minute; the fourth is one too many
        assertThat(strict.authenticate(unknown, "192.0.2.2")).isInstanceOfSatisfying(AuthResult.Throttled.class,
                throttled -> assertThat(throttled.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofMinutes(1)));
        assertThat(strict.authenticate(created.token(), "192.0.2.2")).as("even a valid token, from that address")
                .isInstanceOf(AuthResult.Throttled.class);
        assertThat(strict.authenticate(created.token(), "192.0.2.1")).as("another address is not throttled")
                .isInstanceOf(AuthResult.Authenticated.class);
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
        assertThat(principalOf(engine, created.token())).isPresent();

        assertThat(engine.revoke("alice", created.info().id())).isTrue();

        assertThat(principalOf(engine, created.token())).isEmpty();
        assertThat(engine.list("alice")).isEmpty();
        assertThat(engine.revoke("alice", created.info().id())).as("revoking twice").isFalse();
    }

    @Test
    void nobodyCanRevokeAnotherUsersToken() {
        CreatedToken bobs = engine.create("bob", "deploy");

        assertThat(engine.revoke("alice", bobs.info().id())).isFalse();

        assertThat(principalOf(engine, bobs.token())).isPresent();
        assertThat(engine.list("bob")).hasSize(1);
    }

    @Test
    void expiredTokenIsRefusedAndNoLongerListed() {
        CreatedToken created = engine.create("alice", "short", Duration.ofMinutes(10));
        assertThat(principalOf(engine, created.token())).isPresent();

        clock.advance(Duration.ofMinutes(11));

        assertThat(principalOf(engine, created.token())).isEmpty();
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
        principalOf(engine, a.token());
        principalOf(engine, b.token());

        engine.flushLastUsed();

        assertThat(engine.list("alice")).allSatisfy(info -> assertThat(info.lastUsedAt()).isPresent());
        TokenInfo before = engine.list("alice").get(0);
        PatAuth otherNodeWithASlowClock = PatAuth.builder().jdbcUrl(url, null, null)
                .clock(java.time.Clock.offset(clock, Duration.ofHours(-1))).build();
        engines.add(otherNodeWithASlowClock);
        principalOf(otherNodeWithASlowClock, a.token());
        principalOf(otherNodeWithASlowClock, b.token());
        otherNodeWithASlowClock.flushLastUsed();
        assertThat(engine.list("alice").get(0).lastUsedAt()).isEqualTo(before.lastUsedAt());
    }

    @Test
    void pendingLastUsedIsWrittenWhenTheEngineCloses() {
        CreatedToken created = engine.create("alice", "nightly");
        principalOf(engine, created.token());

        engine.close();

        PatAuth restarted = newEngine();
        assertThat(restarted.list("alice").get(0).lastUsedAt()).isPresent();
    }

    @Test
    void schemaCreationIsIdempotent() {
        CreatedToken created = engine.create("alice", "survives a restart");

        PatAuth second = newEngine();

        assertThat(principalOf(second, created.token())).isPresent();
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
    void namesAreStoredExactlyAsCreateAnsweredThem() throws Exception {
        Map<String, String> answered = new LinkedHashMap<>();
        answered.put("😀".repeat(100), "😀".repeat(100)); // 100 code points, 200 UTF-16 units
        answered.put("🚀".repeat(51), "🚀".repeat(51));
        answered.put("Cafe\u0301 de\u0301ploiement", "Caf\u00e9 d\u00e9ploiement"); // NFC composes
        answered.put("\u212bngstro\u0308m", "\u00c5ngstr\u00f6m"); // the Angstrom sign is the letter in NFC
        answered.put("\u00a0 laptop\t\u3000", "laptop"); // white space around it, no-break spaces too, is trimmed
        answered.put("👩\u200d💻 and 🏴\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f",
                "👩\u200d💻 and 🏴\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f");
        answered.put("x".repeat(100), "x".repeat(100));

        Map<TokenId, String> created = new LinkedHashMap<>();
        answered.forEach((given, expected) -> {
            CreatedToken token = engine.create("alice", given);
            assertThat(token.info().name()).as("the answer to %s", given).isEqualTo(expected);
            created.put(token.info().id(), token.info().name());
        });

        Map<TokenId, String> listed = new LinkedHashMap<>();
        engine.list("alice").forEach(info -> listed.put(info.id(), info.name()));
        Map<TokenId, String> stored = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, name FROM patauth_token")) {
            while (rs.next()) {
                stored.put(new TokenId(rs.getObject(1, java.util.UUID.class)), rs.getString(2));
            }
        }
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(created.keySet());
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(created.keySet());
        created.forEach((id, name) -> {
            assertThat(utf8(listed.get(id))).as("listed %s", name).isEqualTo(utf8(name));
            assertThat(utf8(stored.get(id))).as("stored %s", name).isEqualTo(utf8(name));
        });
    }

    @Test
    void namesThatAreNotPlainVisibleTextAreRefusedWithASentence() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("", "Give the token a name");
        refused.put(" \t\u00a0\u3000 ", "Give the token a name");
        refused.put("\u200b\u200b", "at least one visible character");
        refused.put("\u00ad\u2060\ufeff", "at least one visible character");
        refused.put("\u0301\ufe0f", "at least one visible character");
        refused.put("invoice\u202egpj.exe", "change the direction of the text");
        for (int bidi : new int[] {0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x2066, 0x2067, 0x2068, 0x2069}) {
            refused.put("a" + Character.toString(bidi) + "b", "change the direction of the text");
        }
        refused.put("a\ud800b", "half of a character");
        refused.put("a\udc00b", "half of a character");
        refused.put("a\udc00\ud800b", "half of a character");
        refused.put("ends\ud83d", "half of a character");
        refused.put("line\nbreak", "control characters");
        refused.put("tab\tinside", "control characters");
        refused.put("nul\u0000inside", "control characters");
        refused.put("c1\u0085control", "control characters");
        refused.put("c1\u009bcontrol", "control characters");
        refused.put("line\u2028separator", "control characters");
        refused.put("x".repeat(101), "at most 100 characters");
        refused.put("😀".repeat(101), "at most 100 characters");
        refused.put("e\u0301".repeat(101), "at most 100 characters");

        SoftAssertions.assertSoftly(softly -> refused.forEach((name, sentence) -> softly
                .assertThatThrownBy(() -> engine.create("alice", name))
                .as("name %s", name.codePoints().mapToObj(Integer::toHexString).toList())
                .isInstanceOf(InvalidTokenNameException.class)
                .hasMessageContaining(sentence)
                .hasMessageEndingWith(".")));
        assertThatThrownBy(() -> engine.create("alice", (String) null)).isInstanceOf(InvalidTokenNameException.class);
        assertThat(engine.list("alice")).isEmpty();
        assertThat(engine.create("alice", "e\u0301".repeat(100)).info().name()).isEqualTo("\u00e9".repeat(100));
    }

    @Test
    void aRowTheDatabaseCannotHoldIsADataErrorNotAnOutage() {
        // the engine never sends such a name; the store is called directly to see how it reports the refusal
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcTokenStore store = new JdbcTokenStore(pool, RevocationBus.none(), JdbcTokenStore.prepare(pool, false));
            StoredToken tooLong = StoredToken.created("alice", TokenId.random(), "x".repeat(201), clock.instant(),
                    Optional.empty(), Optional.empty());

            assertThatThrownBy(() -> store.insert(tooLong,
                    TokenHash.of(TokenFormat.generate(new SecureRandom())), 10, clock.instant()))
                    .isNotInstanceOf(PatAuthUnavailableException.class)
                    .isInstanceOf(PatAuthStoreException.class)
                    .hasMessageContaining("SQLState 22001")
                    .hasMessageContaining(tooLong.id().toString())
                    .hasMessageContaining("alice");
        }
        assertThat(engine.list("alice")).isEmpty();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void malformedTokensAreRefusedWithoutAnyQuery() {
        assertThat(principalOf(engine, "pat_nope")).isEmpty();
        assertThat(principalOf(engine, "")).isEmpty();
        assertThat(principalOf(engine, null)).isEmpty();
    }
}
