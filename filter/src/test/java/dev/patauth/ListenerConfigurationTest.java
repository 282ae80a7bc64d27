package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patauth.servlet.PatAuthListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web.xml way in: PatAuthListener builds the engine from context-params, in real containers. */
class ListenerConfigurationTest {

    @Test
    void jettyWebappConfiguredWithAJdbcUrlAuthenticatesTokens() throws Exception {
        ServletContainer.Webapp webapp = ServletContainer.Webapp.configuredBy(Map.of(
                "patauth.jdbc.url", TestDatabases.newH2(),
                "patauth.realm", "example"));
        try (ServletContainer jetty = ServletContainer.Kind.JETTY.start(webapp)) {
            // the engine the listener built is the one tokens are created with
            String token = jetty.engine().create("alice", "from web.xml").token();

            assertThat(Http.getWithToken(jetty.uri("/api/echo"), token).body()).contains("user=alice", "authType=Bearer");
            assertThat(Http.get(jetty.uri("/api/echo")).headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"example\"");
        }
    }

    @Test
    void tomcatWebappConfiguredWithAJndiDataSourceAuthenticatesTokens() throws Exception {
        ServletContainer.Webapp webapp = ServletContainer.Webapp.configuredBy(Map.of(
                "patauth.datasource", "java:comp/env/" + TomcatJndi.NAME,
                TomcatJndi.H2_URL_PARAM, TestDatabases.newH2()));
        try (ServletContainer tomcat = ServletContainer.Kind.TOMCAT.start(webapp)) {
            String token = tomcat.engine().create("bob", "from JNDI").token();

            assertThat(Http.getWithToken(tomcat.uri("/api/echo"), token).body()).contains("user=bob");
        }
    }

    @Test
    void aWrongSettingStopsTheDeployment() {
        ServletContainer.Webapp webapp = ServletContainer.Webapp.configuredBy(Map.of(
                "patauth.jdbc.url", TestDatabases.newH2(),
                "patauth.cache.ttl", "forever"));

        assertThatThrownBy(() -> ServletContainer.Kind.JETTY.start(webapp).close())
                .hasStackTraceContaining("patauth.cache.ttl must be a duration");
        assertThatThrownBy(() -> ServletContainer.Kind.TOMCAT.start(webapp).close())
                .hasMessageContaining("did not start");
    }

    @Test
    void aWrongPoolSizeStopsTheDeploymentNamingTheKey() {
        ServletContainer.Webapp webapp = ServletContainer.Webapp.configuredBy(Map.of(
                "patauth.jdbc.url", TestDatabases.newH2(),
                "patauth.jdbc.pool-size", "0"));

        assertThatThrownBy(() -> ServletContainer.Kind.JETTY.start(webapp).close())
                .hasStackTraceContaining("patauth.jdbc.pool-size must be between 1 and 100, got 0");
    }

    /** The listener knows the engine's keys and the filter's, and leaves patauth.admin.* to the admin servlet. */
    @Test
    void theListenerLetsTheFiltersAndTheAdminServletsKeysThroughButNoMistypedOne() throws Exception {
        ServletContainer.Webapp webapp = ServletContainer.Webapp.configuredBy(Map.of(
                "patauth.jdbc.url", TestDatabases.newH2(),
                "patauth.jdbc.pool-size", "2",
                "patauth.mode", "optional",
                "patauth.admin.allow-create-with-token", "true"));
        try (ServletContainer jetty = ServletContainer.Kind.JETTY.start(webapp)) {
            assertThat(Http.get(jetty.uri("/api/echo")).statusCode()).as("mode optional was read").isEqualTo(200);
        }

        ServletContainer.Webapp mistyped = ServletContainer.Webapp.configuredBy(Map.of(
                "patauth.jdbc.url", TestDatabases.newH2(),
                "patauth.jdbc.poolsize", "2"));
        assertThatThrownBy(() -> ServletContainer.Kind.JETTY.start(mistyped).close())
                .hasStackTraceContaining("patauth.jdbc.poolsize is not a patauth setting");
    }
}
