package dev.patauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patauth.PatAuthConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web layer's keys: the filter's own, and the check that every patauth.* key belongs to some part. */
class WebSettingsTest {

    @Test
    void aMistypedKeyIsNamed() {
        assertThatThrownBy(() -> WebSettings.requireKnown(List.of("patauth.jdbc.url", "patauth.cache.tll")))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessageStartingWith("patauth.cache.tll is not a patauth setting");
    }

    @Test
    void theKeysOfTheEngineTheFilterAndTheAdminServletPassTheCheckAndNoOtherDoes() {
        WebSettings.requireKnown(List.of("patauth.jdbc.url", "patauth.jdbc.pool-size", "patauth.mode",
                "patauth.realm", "patauth.admin.allow-create-with-token", "other.key"));
        assertThatThrownBy(() -> WebSettings.requireKnown(List.of("patauth.realms")))
                .hasMessage("patauth.realms is not a patauth setting; see the configuration table in the README");
    }

    @Test
    void aDescriptionOfAScopeThatIsNotDeclaredIsNamed() {
        Map<String, String> values = Map.of("patauth.scopes", "read, write", "patauth.scope.read", "Read",
                "patauth.scope.wirte", "Write");
        WebSettings.requireKnown(List.of("patauth.scopes", "patauth.scope.read"), values::get);
        assertThatThrownBy(() -> WebSettings.requireKnown(List.copyOf(new java.util.TreeSet<>(values.keySet())), values::get))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessage("patauth.scope.wirte describes a scope that patauth.scopes does not declare (read, write)");
    }

    @Test
    void modeAndRealmAreChecked() {
        assertThat(WebSettings.mode(Map.<String, String>of()::get)).isEqualTo(PatAuthFilter.Mode.REQUIRED);
        assertThat(WebSettings.mode(Map.of("patauth.mode", " Optional ")::get)).isEqualTo(PatAuthFilter.Mode.OPTIONAL);
        assertThatThrownBy(() -> WebSettings.mode(Map.of("patauth.mode", "sometimes")::get))
                .hasMessage("patauth.mode must be one of required, optional, got 'sometimes'");
        assertThat(WebSettings.realm(Map.<String, String>of()::get, "")).isEqualTo("/");
        assertThat(WebSettings.realm(Map.<String, String>of()::get, "/app")).isEqualTo("/app");
        assertThatThrownBy(() -> WebSettings.realm("a \"quoted\" realm"))
                .hasMessageStartingWith("patauth.realm may hold printable ASCII without quotes or backslashes");
    }
}
