package dev.patauth;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A database that answers but refuses patauth's statement is an error on the server: the filter
 * answers 500, without Retry-After, and never 503, which would tell clients to wait for an
 * outage to end that is not there.
 */
class StoreRefusalTest {

    @Test
    void aRolesQueryTheDatabaseRefusesIsAServerErrorNotAnOutage() throws Exception {
        String url = TestDatabases.newPostgres();
        try (PatAuth engine = PatAuth.builder().jdbcUrl(url, null, null)
                     .rolesQuery("SELECT role FROM app_role_that_was_never_created WHERE user_name = ?").build();
             ServletContainer jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine))) {
            String token = engine.create("alice", "reports").token();

            assertServerError(Http.getWithToken(jetty.uri("/api/echo"), token));
        }
    }

    @Test
    void tablesMissingAtStartStopTheStartNamingTheDdlToApply() {
        // patauth.schema.auto-create=false, and the migration that creates the tables was never run
        String url = TestDatabases.newPostgres();

        assertThatThrownBy(() -> PatAuth.builder().jdbcUrl(url, null, null).autoCreateSchema(false).build())
                .isInstanceOf(PatAuthConfigException.class)
                .hasMessageContaining("/dev/patauth/schema/postgresql.sql and then /dev/patauth/schema/postgresql-2.sql")
                .hasMessageContaining("patauth.schema.auto-create");
    }

    @Test
    void tablesDroppedWhileRunningAreAServerErrorNotAnOutage() throws Exception {
        String url = TestDatabases.newPostgres();
        try (PatAuth engine = PatAuth.builder().jdbcUrl(url, null, null).invalidation(PatAuth.Invalidation.NONE).build();
             ServletContainer jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine))) {
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE patauth_token");
            }

            assertServerError(Http.getWithToken(jetty.uri("/api/echo"), TokenFormat.generate(new SecureRandom())));
        }
    }

    private static void assertServerError(HttpResponse<String> response) {
        assertStatus(response, 500);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).contains("error on the server").doesNotContain("SQL", "patauth_token", "app_role");
    }
}
