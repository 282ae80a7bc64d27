package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every wrong or missing setting stops start-up with one sentence naming the key. */
class SettingsTest {

    private static Settings settings(Map<String, String> values) {
        return Settings.of(values::get, Collections.enumeration(values.keySet()));
    }

    private static PatAuth build(Map<String, String> values) {
        return settings(values).toBuilder().build();
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

    @Test
    void aMissingDatabaseIsNamed() {
        assertThatThrownBy(() -> build(Map.of()))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessageContaining("patauth.datasource").hasMessageContaining("patauth.jdbc.url");
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
        assertThatThrownBy(() -> settings(h2("patauth.mode", "sometimes")).mode())
                .hasMessage("patauth.mode must be one of required, optional, got 'sometimes'");
    }

    @Test
    void aMistypedKeyIsNamed() {
        assertThatThrownBy(() -> build(h2("patauth.cache.tll", "5m")))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessageStartingWith("patauth.cache.tll is not a patauth setting");
    }

    @Test
    void goodSettingsStartAWorkingEngine() {
        try (PatAuth engine = build(h2("patauth.max-tokens-per-user", "3", "patauth.cache.ttl", "10m",
                "patauth.cache.negative-ttl", "10s", "patauth.cache.max-size", "1000", "patauth.last-used.interval", "30s",
                "patauth.invalidation", "poll", "patauth.mode", "optional", "patauth.admin.allow-create-with-token", "false",
                "patauth.throttle.failures-per-minute", "50", "patauth.throttle.leaked-per-minute", "500"))) {
            assertThat(engine.maxTokensPerUser()).isEqualTo(3);
            assertThat(engine.authenticate(engine.create("alice", "works").token())).isPresent();
        }
    }
}
