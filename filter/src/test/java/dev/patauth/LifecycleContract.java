package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.patauth.store.TokenHash;
import dev.patauth.testing.TestSchema;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token's life against a real database: scopes, expiry policy, rotation, events, the sweep
 * (inactivity, expiry warnings, retention) on exactly one of two nodes, where a token was last
 * used from, and the schema upgrade in place.
 */
abstract class LifecycleContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestClock clock = new TestClock();
    private final List<PatAuth> engines = new ArrayList<>();
    private final BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    private String url;

    abstract String newDatabaseUrl();

    /** The schema file of the first version, as a database made by patauth 0.1 has it. */
    abstract String firstSchemaFile();

    @BeforeEach
    void start() {
        url = newDatabaseUrl();
    }

    @AfterEach
    void stop() {
        engines.forEach(PatAuth::close);
    }

    private PatAuth engine(UnaryOperator<PatAuth.Builder> settings) {
        PatAuth started = settings.apply(PatAuth.builder().jdbcUrl(url, null, null).clock(clock)
                .lastUsedInterval(Duration.ofHours(1)).eventListener(events::add)).build();
        engines.add(started);
        return started;
    }

    private static PatAuth.Builder readWrite(PatAuth.Builder builder) {
        return builder.scope("read", "Read your notes").scope("write", "Create and change notes");
    }

    /**
     * Waits until every event each engine published so far has been delivered: events arrive in
     * order, so once a marker created now has arrived, so has everything before it.
     */
    private void settle(PatAuth... nodes) {
        List<TokenId> markers = new ArrayList<>();
        for (PatAuth node : nodes) {
            markers.add(node.create("marker", "marker").info().id());
        }
        await().atMost(WAIT).until(() -> events.stream().filter(event -> event.user().equals("marker"))
                .map(event -> event.tokenId().orElseThrow()).toList().containsAll(markers));
        events.removeIf(event -> event.user().equals("marker"));
    }

    /** The events delivered so far, once the listener has had up to 10 s to receive {@code atLeast}. */
    private List<TokenEvent> events(int atLeast) {
        await().atMost(WAIT).until(() -> events.size() >= atLeast);
        return List.copyOf(events);
    }

    private List<TokenEvent> eventsOf(TokenEvent.Type type) {
        return events.stream().filter(event -> event.type() == type).toList();
    }

    @Test
    void aTokenGetsTheScopesAskedForOrTheDefaultOnesAndItsPrincipalShowsThem() {
        PatAuth engine = engine(builder -> readWrite(builder).defaultScopes(Set.of("read")));

        CreatedToken byDefault = engine.create("alice", "reader");
        CreatedToken both = engine.create("alice", NewToken.named("writer").scopes(Set.of("write", "read")));

        assertThat(byDefault.info().scopes()).containsExactly("read");
        assertThat(Presented.principalOf(engine, byDefault.token()).orElseThrow().scopes()).containsExactly("read");
        assertThat(Presented.principalOf(engine, both.token()).orElseThrow().hasScope("write")).isTrue();
        assertThat(engine.list("alice")).extracting(TokenInfo::scopes)
                .containsExactlyInAnyOrder(Set.of("read"), Set.of("read", "write"));
        assertThat(engine.scopes()).extracting(Scope::name, Scope::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("read", "Read your notes"),
                        org.assertj.core.groups.Tuple.tuple("write", "Create and change notes"));
    }

    @Test
    void unknownOrNoScopesAreRefusedWithASentenceAndNothingIsStored() {
        PatAuth engine = engine(LifecycleContract::readWrite);

        assertThatThrownBy(() -> engine.create("alice", NewToken.named("x").scopes(Set.of("admin"))))
                .isInstanceOf(InvalidScopeException.class).hasMessageContaining("'admin'").hasMessageContaining("read, write");
        assertThatThrownBy(() -> engine.create("alice", NewToken.named("x").scopes(Set.of())))
                .isInstanceOf(InvalidScopeException.class);
        assertThat(engine.list("alice")).isEmpty();
    }

    @Test
    void tokensCreatedBeforeScopesExistedKeepEveryScopeAndWithoutScopesNothingChanges() {
        PatAuth before = engine(UnaryOperator.identity());
        CreatedToken old = before.create("alice", "from before scopes");
        assertThat(Presented.principalOf(before, old.token()).orElseThrow().scopes()).isEmpty();
        assertThatThrownBy(() -> before.create("alice", NewToken.named("x").scopes(Set.of("read"))))
                .isInstanceOf(InvalidScopeException.class);

        PatAuth after = engine(LifecycleContract::readWrite);

        assertThat(Presented.principalOf(after, old.token()).orElseThrow().scopes()).containsExactlyInAnyOrder("read", "write");
        assertThat(after.list("alice").get(0).scopes()).containsExactlyInAnyOrder("read", "write");
    }

    @Test
    void theExpiryPolicyGivesTheDefaultAndRefusesWhatItForbids() {
        PatAuth engine = engine(builder -> builder.defaultExpiry(Duration.ofDays(30)).maxExpiry(Duration.ofDays(90))
                .expiryRequired(true));

        CreatedToken byDefault = engine.create("alice", "monthly");

        assertThat(Duration.between(byDefault.info().createdAt(), byDefault.info().expiresAt().orElseThrow()))
                .isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> engine.create("alice", NewToken.named("forever").noExpiry()))
                .isInstanceOf(InvalidExpiryException.class).hasMessageContaining("must expire");
        assertThatThrownBy(() -> engine.create("alice", "too long", Duration.ofDays(91)))
                .isInstanceOf(InvalidExpiryException.class).hasMessageContaining("at most 90 days");
        assertThatThrownBy(() -> engine.create("alice", "negative", Duration.ofDays(-1)))
                .isInstanceOf(InvalidExpiryException.class);
        assertThat(engine.list("alice")).hasSize(1);
        assertThat(engine.expiryPolicy().defaultValidity()).hasValue(Duration.ofDays(30));
    }

    @Test
    void aDefaultLongerThanTheMaximumIsRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> PatAuth.builder().jdbcUrl("jdbc:postgresql://nowhere.invalid/none", null, null)
                .defaultExpiry(Duration.ofDays(400)).build())
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessage("defaultExpiry (400 days) is longer than maxExpiry (365 days)");
        assertThatThrownBy(() -> PatAuth.builder(key -> switch (key) {
            case "patauth.jdbc.url" -> "jdbc:postgresql://nowhere.invalid/none";
            case "patauth.scopes" -> "read,write";
            case "patauth.scopes.default" -> "admin";
            default -> null;
        }).build())
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessage("patauth.scopes.default names admin, which patauth.scopes does not declare; declared: read, write");
    }

    @Test
    void rotationReplacesTheTokenKeepingNameScopesAndLifetimeAndRefusesTheOldOneAtOnce() {
        PatAuth engine = engine(builder -> readWrite(builder).maxTokensPerUser(1));
        CreatedToken old = engine.create("alice", NewToken.named("CI").scopes(Set.of("write")).validFor(Duration.ofDays(60)));
        assertThat(Presented.principalOf(engine, old.token())).isPresent();

        CreatedToken rotated = engine.rotate("alice", old.info().id()).orElseThrow();

        assertThat(rotated.info().name()).isEqualTo("CI");
        assertThat(rotated.info().scopes()).containsExactly("write");
        assertThat(Duration.between(rotated.info().createdAt(), rotated.info().expiresAt().orElseThrow()))
                .isEqualTo(Duration.ofDays(60));
        assertThat(Presented.principalOf(engine, old.token())).isEmpty();
        assertThat(Presented.principalOf(engine, rotated.token()).orElseThrow().tokenId()).isEqualTo(rotated.info().id());
        assertThat(engine.list("alice")).extracting(TokenInfo::id).containsExactly(rotated.info().id());
        assertThat(engine.rotate("alice", old.info().id())).isEmpty();
        assertThat(engine.rotate("bob", rotated.info().id())).isEmpty();
    }

    @Test
    void rotationReachesAnotherNodeAndAGraceKeepsTheOldTokenThatLong() {
        PatAuth node = engine(builder -> builder.rotationGrace(Duration.ofHours(1)).pollInterval(Duration.ofMillis(200)));
        PatAuth other = engine(builder -> builder.pollInterval(Duration.ofMillis(200)));
        CreatedToken old = node.create("alice", "deploy");
        assertThat(Presented.principalOf(other, old.token())).isPresent();

        CreatedToken rotated = node.rotate("alice", old.info().id()).orElseThrow();

        assertThat(Presented.principalOf(node, old.token())).isPresent();
        assertThat(Presented.principalOf(node, rotated.token())).isPresent();
        clock.advance(Duration.ofMinutes(61));
        // the other node dropped what it cached and read the old token's new expiry
        await().atMost(WAIT).until(() -> Presented.principalOf(other, old.token()).isEmpty());
        assertThat(Presented.principalOf(node, old.token())).isEmpty();
        assertThat(Presented.principalOf(other, rotated.token())).isPresent();
    }

    @Test
    void listenersHearWhatHappensAfterItCommitsAndOnlyThen() {
        PatAuth engine = engine(builder -> builder.maxTokensPerUser(2));

        CreatedToken first = engine.create("alice", "one");
        CreatedToken second = engine.create("alice", "two");
        assertThatThrownBy(() -> engine.create("alice", "three")).isInstanceOf(TokenLimitReachedException.class);
        engine.revoke("alice", first.info().id());
        CreatedToken third = engine.rotate("alice", second.info().id()).orElseThrow();
        engine.revokeLeaked(List.of(third.token()), "198.51.100.9");

        settle(engine);
        List<TokenEvent> all = List.copyOf(events);
        assertThat(all).extracting(TokenEvent::type).containsExactly(
                TokenEvent.Type.CREATED, TokenEvent.Type.CREATED, TokenEvent.Type.LIMIT_REACHED, TokenEvent.Type.REVOKED,
                TokenEvent.Type.ROTATED, TokenEvent.Type.REVOKED, TokenEvent.Type.CREATED, TokenEvent.Type.REVOKED);
        assertThat(all.get(2).tokenId()).isEmpty();
        assertThat(all.get(3).reason()).hasValue(RevocationReason.OWNER);
        assertThat(all.get(4).tokenId()).hasValue(second.info().id());
        assertThat(all.get(4).replacedBy()).hasValue(third.info().id());
        assertThat(all.get(5).reason()).hasValue(RevocationReason.ROTATION);
        assertThat(all.get(7).reason()).hasValue(RevocationReason.LEAK_REPORT);
        assertThat(all).allSatisfy(event -> assertThat(event.user()).isEqualTo("alice"));
        assertThat(all.toString()).doesNotContain(first.token(), second.token(), third.token());
    }

    @Test
    void aListenerThatThrowsOrBlocksNeverBreaksAuthentication() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PatAuth engine = engine(builder -> builder
                .eventListener(event -> {
                    if (event.tokenName().orElse("").equals("blocked")) {
                        throw new IllegalStateException("the app's listener is broken");
                    }
                })
                .eventListener(event -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        try {
            CreatedToken created = engine.create("alice", "blocked");
            for (int i = 0; i < 5; i++) {
                engine.revoke("alice", engine.create("alice", "more " + i).info().id());
            }

            assertThat(Presented.principalOf(engine, created.token())).isPresent();
            // the first listener heard the first event before the blocking one took the thread
            await().atMost(WAIT).until(() -> !events.isEmpty());
        } finally {
            release.countDown();
        }
        events(11);
    }

    @Test
    void exactlyOneOfTwoNodesSweepsAndRevokesTokensNobodyUses() throws Exception {
        UnaryOperator<PatAuth.Builder> settings = builder -> builder.revokeUnusedAfter(Duration.ofDays(30))
                .sweepInterval(Duration.ofHours(1)).pollInterval(Duration.ofMillis(200));
        PatAuth one = engine(settings);
        PatAuth two = engine(settings);
        CreatedToken unused = one.create("alice", "forgotten");
        CreatedToken used = one.create("alice", "daily");
        clock.advance(Duration.ofDays(20));
        assertThat(Presented.principalOf(two, used.token())).isPresent();
        one.flushLastUsed();
        two.flushLastUsed();
        clock.advance(Duration.ofDays(11));

        assertThat(sweepTogether(one, two)).containsExactlyInAnyOrder(true, false);

        assertThat(one.list("alice")).extracting(TokenInfo::id).containsExactly(used.info().id());
        await().atMost(WAIT).until(() -> Presented.principalOf(two, unused.token()).isEmpty());
        settle(one, two);
        assertThat(eventsOf(TokenEvent.Type.REVOKED)).singleElement().satisfies(event -> {
            assertThat(event.tokenId()).hasValue(unused.info().id());
            assertThat(event.reason()).hasValue(RevocationReason.INACTIVITY);
        });
        // within the interval nobody sweeps again; after it, one node does
        assertThat(sweepTogether(one, two)).containsExactly(false, false);
        clock.advance(Duration.ofMinutes(61));
        assertThat(sweepTogether(one, two)).containsExactlyInAnyOrder(true, false);
    }

    /** Both nodes sweep at the same moment; their answers, in order. */
    private static List<Boolean> sweepTogether(PatAuth one, PatAuth two) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Boolean>> sweeps = List.of(() -> {
                start.await();
                return one.sweepNow();
            }, () -> {
                start.await();
                return two.sweepNow();
            });
            List<Boolean> answers = new ArrayList<>();
            for (Future<Boolean> answer : pool.invokeAll(sweeps, 30, TimeUnit.SECONDS)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ownersAreWarnedOnceSevenDaysAndOnceOneDayBeforeExpiry() {
        PatAuth engine = engine(UnaryOperator.identity());
        CreatedToken monthly = engine.create("alice", "monthly", Duration.ofDays(30));
        CreatedToken fiveDays = engine.create("alice", "short", Duration.ofDays(5));

        engine.sweepNow();                                   // the 5-day token is inside 7 days from the start: no warning
        clock.advance(Duration.ofDays(4).plusHours(1));
        engine.sweepNow();                                   // the 5-day token: 1 day left
        clock.advance(Duration.ofDays(20));
        engine.sweepNow();                                   // the 30-day token: 7 days left
        clock.advance(Duration.ofMinutes(61));
        engine.sweepNow();                                   // nothing new
        clock.advance(Duration.ofDays(5));
        engine.sweepNow();                                   // the 30-day token: 1 day left
        clock.advance(Duration.ofMinutes(61));
        engine.sweepNow();                                   // nothing new
        settle(engine);

        assertThat(eventsOf(TokenEvent.Type.EXPIRING_SOON)).extracting(event -> event.tokenId().orElseThrow())
                .containsExactly(fiveDays.info().id(), monthly.info().id(), monthly.info().id());
        assertThat(eventsOf(TokenEvent.Type.EXPIRING_SOON).get(1).expiresAt()).isEqualTo(monthly.info().expiresAt());
    }

    @Test
    void rowsRevokedOrExpiredLongerAgoThanTheRetentionAreDeleted() throws Exception {
        PatAuth engine = engine(builder -> builder.retention(Duration.ofDays(90)));
        CreatedToken revoked = engine.create("alice", "revoked");
        engine.create("alice", "expired", Duration.ofDays(1));
        CreatedToken kept = engine.create("alice", "kept");
        engine.revoke("alice", revoked.info().id());
        clock.advance(Duration.ofDays(92));

        engine.sweepNow();

        assertThat(rowCount()).isEqualTo(1);
        assertThat(Presented.principalOf(engine, kept.token())).isPresent();
    }

    private int rowCount() throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM patauth_token")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theLastUseRecordsAddressAndAgentAndANewAddressIsHeard() {
        PatAuth engine = engine(UnaryOperator.identity());
        CreatedToken created = engine.create("alice", "laptop");

        assertThat(engine.authenticate(created.token(), "203.0.113.7", "curl/8.5.0")).isInstanceOf(AuthResult.Authenticated.class);
        engine.authenticate(created.token(), "203.0.113.7", "curl/8.5.0");
        engine.flushLastUsed();
        TokenInfo listed = engine.list("alice").get(0);
        assertThat(listed.lastUsedAddress()).hasValue("203.0.113.7");
        assertThat(listed.lastUsedAgent()).hasValue("curl/8.5.0");

        engine.authenticate(created.token(), "203.0.113.7", "curl/8.5.0");
        engine.authenticate(created.token(), "2001:db8::1", "x".repeat(300) + "\n");
        engine.flushLastUsed();

        listed = engine.list("alice").get(0);
        assertThat(listed.lastUsedAddress()).hasValue("2001:db8::1");
        assertThat(listed.lastUsedAgent()).hasValue("x".repeat(200));
        await().atMost(WAIT).until(() -> eventsOf(TokenEvent.Type.USED_FROM_NEW_ADDRESS).size() >= 2);
        assertThat(eventsOf(TokenEvent.Type.USED_FROM_NEW_ADDRESS))
                .extracting(event -> event.address().orElseThrow(), event -> event.previousAddress().orElse("(none)"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("203.0.113.7", "(none)"),
                        org.assertj.core.groups.Tuple.tuple("2001:db8::1", "203.0.113.7"));
    }

    @Test
    void aDatabaseOfTheFirstSchemaIsUpgradedInPlaceAndItsTokensStayValid() throws Exception {
        String token = TokenFormat.generate(new SecureRandom());
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String ddl : TestSchema.statements(firstSchemaFile())) {
                statement.execute(ddl);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO patauth_token"
                    + " (id, user_id, name, token_hash, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, "alice");
                insert.setString(3, "made by patauth 0.1");
                insert.setBytes(4, TokenHash.of(token).bytes());
                insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC).minusDays(3));
                insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));
                insert.executeUpdate();
            }
        }
        assertThatThrownBy(() -> PatAuth.builder().jdbcUrl(url, null, null).autoCreateSchema(false).build())
                .isInstanceOf(PatAuthConfigException.class).hasMessageContaining("-2.sql");

        PatAuth upgraded = engine(LifecycleContract::readWrite);

        TokenPrincipal principal = Presented.principalOf(upgraded, token).orElseThrow();
        assertThat(principal.user()).isEqualTo("alice");
        assertThat(principal.scopes()).containsExactlyInAnyOrder("read", "write");
        assertThat(upgraded.list("alice").get(0).lastUsedAt()).isPresent();
        assertThat(upgraded.list("alice").get(0).lastUsedAddress()).isEmpty();
        // started again, the upgrade finds nothing left to do
        PatAuth again = engine(LifecycleContract::readWrite);
        assertThat(Presented.principalOf(again, token)).isPresent();
    }
}
