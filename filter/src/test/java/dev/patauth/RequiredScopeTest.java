package dev.patauth;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patauth.servlet.PatAuthFilter;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code patauth.required-scope}: a filter behind the one on {@code /api/*} lets only tokens
 * with the scope through, and answers others as RFC 6750 section 3.1 says.
 */
class RequiredScopeTest {

    private PatAuth engine;

    @BeforeEach
    void start() {
        engine = PatAuth.builder().jdbcUrl(TestDatabases.newH2(), null, null)
                .scope("read", "Read notes").scope("write", "Write notes").build();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.Kind.class)
    void aTokenWithoutTheRequiredScopeGets403InsufficientScope(ServletContainer.Kind kind) throws Exception {
        String reader = engine.create("alice", NewToken.named("reader").scopes(Set.of("read"))).token();
        String writer = engine.create("alice", NewToken.named("writer").scopes(Set.of("read", "write"))).token();
        try (ServletContainer container = kind.start(ServletContainer.Webapp.sharing(engine).requiringOnWrite("write"))) {

            HttpResponse<String> refused = assertStatus(Http.getWithToken(container.uri("/api/write/notes"), reader), 403);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                    .startsWith("Bearer realm=\"/app\"")
                    .contains("error=\"insufficient_scope\"")
                    .endsWith(", scope=\"write\""));
            assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(refused.body()).contains("\"error\":\"insufficient_scope\"").doesNotContain(reader);

            assertThat(assertStatus(Http.getWithToken(container.uri("/api/write/notes"), writer), 200).body())
                    .contains("user=alice", "token=writer", "scopes=read,write");
            assertThat(assertStatus(Http.getWithToken(container.uri("/api/whoami"), reader), 200).body())
                    .contains("token=reader", "scopes=read");
        }
    }

    @Test
    void aRequiredScopeTheAppDoesNotDeclareIsRefusedWhenTheFilterIsMade() {
        assertThatThrownBy(() -> new PatAuthFilter(engine, PatAuthFilter.Mode.REQUIRED, "app", "admin"))
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessage("requiredScope is admin, which is not a declared scope (patauth.scopes: read, write)");
    }
}
