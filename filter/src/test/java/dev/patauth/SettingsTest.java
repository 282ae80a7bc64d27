package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patauth.testing.CountingDataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Every wrong or missing setting stops start-up with one sentence naming the setting: the key
 * for context-params, the builder method for Java callers, which hear of a wrong value at once.
 */
class SettingsTest {

    /** As the listener starts the engine from context-params (the web layer's key check: WebSettingsTest). */
    private static PatAuth build(Map<String, String> values) {
        return Settings.toBuilder(values::get).build();
    }

    private static Map<String, String> h2(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        values.put("patauth.jdbc.url", TestDatabases.newH2());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    @Test
    void durationsAcceptTheUsualUnits() {
        assertThat(Settings.duration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Settings.duration("k", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.duration("k", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.duration("k", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Settings.duration("k", "2d")).isEqualTo(Duration.ofDays(2));
    }

    /** An app's listener, as {@code patauth.events.listeners} names it. */
    public static final class RecordingListener implements TokenEventListener {
        static final java.util.List<TokenEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onEvent(TokenEvent event) {
            heard.add(event);
        }
    }

    @Test
    void theLifecycleKeysReachTheEngine() {
        try (PatAuth engine = build(h2("patauth.scopes", " read , write ", "patauth.scope.read", "Read your notes",
                "patauth.scopes.default", "read", "patauth.expiry.default", "30d", "patauth.expiry.max", "90d",
                "patauth.expiry.required", "true", "patauth.rotation.grace", "10m", "patauth.inactive.revoke-after", "off",
                "patauth.retention", "30d", "patauth.sweep.interval", "15m",
                "patauth.events.listeners", RecordingListener.class.getName()))) {

            assertThat(engine.scopes()).extracting(Scope::name, Scope::description).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("read", "Read your notes"), org.assertj.core.groups.Tuple.tuple("write", ""));
            assertThat(engine.defaultScopes()).containsExactly("read");
            assertThat(engine.expiryPolicy().defaultValidity()).hasValue(Duration.ofDays(30));
            assertThat(engine.expiryPolicy().max()).isEqualTo(Duration.ofDays(90));
            assertThat(engine.expiryPolicy().required()).isTrue();
            CreatedToken created = engine.create("alice", "from settings");
            assertThat(created.info().scopes()).containsExactly("read");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> RecordingListener.heard.stream()
                    .anyMatch(event -> event.tokenId().equals(java.util.Optional.of(created.info().id()))));
        }
        assertThat(PatAuth.isSettingKey("patauth.scope.read")).isTrue();
        assertThat(PatAuth.isSettingKey("patauth.scope.")).isFalse();
    }

    @Test
    void wrongLifecycleValuesNameTheirKey() {
        assertThatThrownBy(() -> build(h2("patauth.scopes", "read,read")))
                .hasMessage("patauth.scopes declares read twice");
        assertThatThrownBy(() -> build(h2("patauth.scopes", "read all")))
                .hasMessageStartingWith("patauth.scopes names a scope with 1 to 64 letters");
        assertThatThrownBy(() -> build(h2("patauth.expiry.default", "forever")))
                .hasMessage("patauth.expiry.default must be a duration such as 500ms, 30s, 5m, 1h or 1d, got 'forever'");
        assertThatThrownBy(() -> build(h2("patauth.rotation.grace", "8d")))
                .hasMessage("patauth.rotation.grace must be between 0s and 7d, got 8d");
        assertThatThrownBy(() -> build(h2("patauth.inactive.revoke-after", "1h")))
                .hasMessage("patauth.inactive.revoke-after must be at least 1d, got 1h");
        assertThatThrownBy(() -> build(h2("patauth.events.listeners", "com.example.Missing")))
                .hasMessageStartingWith("patauth.events.listeners names com.example.Missing, which cannot be made");
        assertThatThrownBy(() -> build(h2("patauth.events.listeners", String.class.getName())))
                .hasMessage("patauth.events.listeners names java.lang.String, which does not implement "
                        + TokenEventListener.class.getName());
        assertThatThrownBy(() -> PatAuth.builder().scope("read", "two\nlines"))
                .hasMessage("scope describes read in one line of at most 200 characters");
    }

    @Test
    void aMissingDatabaseIsNamed() {
        assertThatThrownBy(() -> build(Map.of()))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessageContaining("patauth.datasource").hasMessageContaining("patauth.jdbc.url");
    }

    /** As the Spring Boot starter builds the engine: the keys from the app's properties, the app's DataSource. */
    @Test
    void theDatabaseMayComeLaterFromTheBuilder() {
        try (PatAuth engine = Settings.toBuilder(Map.of("patauth.max-tokens-per-user", "3")::get)
                .dataSource(h2DataSource()).build()) {
            assertThat(engine.maxTokensPerUser()).isEqualTo(3);
            assertThat(engine.create("alice", "later").info().name()).isEqualTo("later");
        }
        assertThatThrownBy(() -> Settings.toBuilder(Map.of("patauth.jdbc.url", TestDatabases.newH2())::get)
                .dataSource(h2DataSource()).build())
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessage("patauth needs exactly one database: set patauth.datasource or patauth.jdbc.url, not both");
    }

    @Test
    void bothDatabasesAtOnceAreRefused() {
        assertThatThrownBy(() -> build(h2("patauth.datasource", "java:comp/env/jdbc/x")))
                .isInstanceOf(PatAuthConfigException.class).hasMessageContaining("not both");
    }

    @Test
    void anUnknownJndiNameIsNamed() {
        assertThatThrownBy(() -> build(Map.of("patauth.datasource", "java:comp/env/jdbc/missing")))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessageStartingWith("patauth.datasource names java:comp/env/jdbc/missing");
    }

    @Test
    void anUnreachableDatabaseIsNamed() {
        assertThatThrownBy(() -> build(Map.of("patauth.jdbc.url", "jdbc:postgresql://127.0.0.1:1/none")))
                .isInstanceOf(PatAuthConfigException.class).hasMessageContaining("patauth.jdbc.url");
    }

    @Test
    void wrongValuesNameTheirKey() {
        assertThatThrownBy(() -> build(h2("patauth.cache.ttl", "five minutes")))
                .hasMessage("patauth.cache.ttl must be a duration such as 500ms, 30s, 5m, 1h or 1d, got 'five minutes'");
        assertThatThrownBy(() -> build(h2("patauth.max-tokens-per-user", "ten")))
                .hasMessage("patauth.max-tokens-per-user must be a whole number, got 'ten'");
        assertThatThrownBy(() -> build(h2("patauth.max-tokens-per-user", "0")))
                .hasMessage("patauth.max-tokens-per-user must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> build(h2("patauth.schema.auto-create", "yes")))
                .hasMessage("patauth.schema.auto-create must be true or false, got 'yes'");
        assertThatThrownBy(() -> build(h2("patauth.invalidation", "gossip")))
                .hasMessage("patauth.invalidation must be one of auto, notify, poll, none, got 'gossip'");
        assertThatThrownBy(() -> build(h2("patauth.invalidation", "notify")))
                .hasMessageStartingWith("patauth.invalidation=notify needs PostgreSQL");
        assertThatThrownBy(() -> build(h2("patauth.roles-query", "SELECT role FROM roles")))
                .hasMessageStartingWith("patauth.roles-query must contain exactly one ?");
        assertThatThrownBy(() -> build(h2("patauth.last-used.interval", "0s")))
                .hasMessageStartingWith("patauth.last-used.interval must be a positive duration");
        assertThatThrownBy(() -> build(h2("patauth.throttle.leaked-per-minute", "0")))
                .hasMessage("patauth.throttle.leaked-per-minute must be at least 1, got 0");
        assertThatThrownBy(() -> build(h2("patauth.throttle.leaked-per-minute", "many")))
                .hasMessage("patauth.throttle.leaked-per-minute must be a whole number, got 'many'");
    }

    @Test
    void goodSettingsStartAWorkingEngine() {
        try (PatAuth engine = build(h2("patauth.max-tokens-per-user", "3", "patauth.cache.ttl", "10m",
                "patauth.cache.negative-ttl", "10s", "patauth.cache.max-size", "1000", "patauth.last-used.interval", "30s",
                "patauth.invalidation", "poll", "patauth.mode", "optional", "patauth.admin.allow-create-with-token", "false",
                "patauth.throttle.failures-per-minute", "50", "patauth.throttle.leaked-per-minute", "500"))) {
            assertThat(engine.maxTokensPerUser()).isEqualTo(3);
            assertThat(principalOf(engine, engine.create("alice", "works").token())).isPresent();
        }
    }

    @Test
    void aWrongPoolSizeNamesItsKey() {
        assertThatThrownBy(() -> build(h2("patauth.jdbc.pool-size", "0")))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessage("patauth.jdbc.pool-size must be between 1 and 100, got 0");
        assertThatThrownBy(() -> build(h2("patauth.jdbc.pool-size", "101")))
                .hasMessage("patauth.jdbc.pool-size must be between 1 and 100, got 101");
        assertThatThrownBy(() -> build(h2("patauth.jdbc.pool-size", "four")))
                .hasMessage("patauth.jdbc.pool-size must be a whole number, got 'four'");
    }

    @Test
    void everyBuilderValueCheckIsWordedWithTheKeyForContextParams() {
        assertThatThrownBy(() -> build(h2("patauth.throttle.failures-per-minute", "0")))
                .hasMessage("patauth.throttle.failures-per-minute must be at least 1, got 0");
        assertThatThrownBy(() -> build(h2("patauth.cache.max-size", "0")))
                .hasMessage("patauth.cache.max-size must be at least 1, got 0");
        assertThatThrownBy(() -> build(h2("patauth.cache.negative-ttl", "0ms")))
                .hasMessage("patauth.cache.negative-ttl must be a positive duration such as 30s or 5m, got PT0S");
        assertThatThrownBy(() -> build(h2("patauth.invalidation.poll-interval", "0s")))
                .hasMessageStartingWith("patauth.invalidation.poll-interval must be a positive duration");
    }

    /** Java callers read the name of the method they called, at the call, not a web.xml key at build(). */
    @Test
    void aBuilderMethodRefusesAWrongValueAtOnceNamingItself() {
        PatAuth.Builder builder = PatAuth.builder();
        assertThatThrownBy(() -> builder.maxTokensPerUser(0))
                .isInstanceOf(PatAuthConfigException.class).isInstanceOf(PatAuthException.class)
                .hasMessage("maxTokensPerUser must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> builder.jdbcPoolSize(0)).hasMessage("jdbcPoolSize must be between 1 and 100, got 0");
        assertThatThrownBy(() -> builder.jdbcPoolSize(101)).hasMessage("jdbcPoolSize must be between 1 and 100, got 101");
        assertThatThrownBy(() -> builder.failuresPerMinute(0)).hasMessage("failuresPerMinute must be at least 1, got 0");
        assertThatThrownBy(() -> builder.leakedPerMinute(-1)).hasMessage("leakedPerMinute must be at least 1, got -1");
        assertThatThrownBy(() -> builder.cacheMaxSize(0)).hasMessage("cacheMaxSize must be at least 1, got 0");
        assertThatThrownBy(() -> builder.cacheTtl(Duration.ZERO))
                .hasMessage("cacheTtl must be a positive duration such as 30s or 5m, got PT0S");
        assertThatThrownBy(() -> builder.negativeCacheTtl(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("negativeCacheTtl must be a positive duration");
        assertThatThrownBy(() -> builder.rolesTtl(Duration.ZERO)).hasMessageStartingWith("rolesTtl must be a positive duration");
        assertThatThrownBy(() -> builder.lastUsedInterval(Duration.ZERO))
                .hasMessageStartingWith("lastUsedInterval must be a positive duration");
        assertThatThrownBy(() -> builder.pollInterval(Duration.ZERO)).hasMessageStartingWith("pollInterval must be a positive duration");
        assertThatThrownBy(() -> builder.rolesQuery("SELECT role FROM roles"))
                .hasMessage("rolesQuery must contain exactly one ? for the user name, got: SELECT role FROM roles");

        // the refused values were not taken: the builder still starts an engine with its defaults
        try (PatAuth engine = builder.jdbcUrl(TestDatabases.newH2(), null, null).build()) {
            assertThat(engine.maxTokensPerUser()).isEqualTo(10);
        }
    }

    @Test
    void theRulesBetweenBuilderMethodsNameTheMethods() {
        assertThatThrownBy(() -> PatAuth.builder().build())
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessage("patauth needs exactly one database: set dataSource or jdbcUrl, not neither");
        assertThatThrownBy(() -> PatAuth.builder().dataSource(h2DataSource()).jdbcUrl(TestDatabases.newH2(), null, null).build())
                .hasMessage("patauth needs exactly one database: set dataSource or jdbcUrl, not both");
        assertThatThrownBy(() -> PatAuth.builder().dataSource(h2DataSource()).jdbcPoolSize(4).build())
                .hasMessage("jdbcPoolSize sizes the pool patauth opens for jdbcUrl;"
                        + " with dataSource, size that DataSource's own pool");
        assertThatThrownBy(() -> PatAuth.builder().jdbcUrl(TestDatabases.newH2(), null, null)
                        .invalidation(PatAuth.Invalidation.NOTIFY).build())
                .hasMessage("invalidation=NOTIFY needs PostgreSQL; use POLL, AUTO or NONE on H2");
        assertThatThrownBy(() -> PatAuth.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/none", null, null).build())
                .hasMessageStartingWith("patauth could not connect to jdbcUrl (");
    }

    /** The rules are checked before patauth opens a connection: a wrong pairing opens none. */
    @Test
    void aBrokenRuleOpensNoConnection() {
        CountingDataSource counting = new CountingDataSource(h2DataSource());
        assertThatThrownBy(() -> PatAuth.builder().dataSource(counting).jdbcPoolSize(2).build())
                .isInstanceOf(PatAuthConfigException.class);
        assertThat(counting.connections()).isZero();
    }

    @Test
    void everyValueIsCheckedBeforeTheJndiNameIsLookedUp() {
        assertThatThrownBy(() -> build(Map.of("patauth.datasource", "java:comp/env/jdbc/x", "patauth.jdbc.pool-size", "4",
                "patauth.cache.ttl", "never")))
                .hasMessage("patauth.cache.ttl must be a duration such as 500ms, 30s, 5m, 1h or 1d, got 'never'");
    }

    private static DataSource h2DataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(TestDatabases.newH2());
        return h2;
    }
}
