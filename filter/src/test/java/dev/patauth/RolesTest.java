package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A token carries its owner's current roles, not the roles they had when it was created. */
class RolesTest {

    private String url;
    private PatAuth engine;

    @BeforeEach
    void start() {
        url = TestDatabases.newPostgres();
        TestDatabases.execute(url,
                "CREATE TABLE app_user (name VARCHAR(255) PRIMARY KEY, enabled BOOLEAN NOT NULL)",
                "CREATE TABLE app_role (user_name VARCHAR(255) NOT NULL, role VARCHAR(50) NOT NULL)",
                "INSERT INTO app_user VALUES ('alice', TRUE)",
                "INSERT INTO app_role VALUES ('alice', 'member')");
        engine = PatAuth.builder()
                .jdbcUrl(url, null, null)
                .rolesQuery("SELECT r.role FROM app_user u LEFT JOIN app_role r ON r.user_name = u.name"
                        + " WHERE u.name = ? AND u.enabled")
                .rolesTtl(Duration.ofMillis(200))
                .build();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aGrantedRoleReachesExistingTokens() {
        String token = engine.create("alice", "reports").token();
        assertThat(principalOf(engine, token).orElseThrow().roles()).containsExactly("member");

        TestDatabases.execute(url, "INSERT INTO app_role VALUES ('alice', 'admin')");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(principalOf(engine, token).orElseThrow().roles()).containsExactlyInAnyOrder("member", "admin"));
    }

    @Test
    void aDisabledAccountLosesItsTokens() {
        String token = engine.create("alice", "reports").token();
        assertThat(principalOf(engine, token)).isPresent();

        TestDatabases.execute(url, "UPDATE app_user SET enabled = FALSE WHERE name = 'alice'");

        await().atMost(Duration.ofSeconds(10)).until(() -> principalOf(engine, token).isEmpty());
    }

    @Test
    void anAccountWithoutRolesStillResolves() {
        TestDatabases.execute(url, "INSERT INTO app_user VALUES ('dave', TRUE)");
        String token = engine.create("dave", "no roles").token();

        assertThat(principalOf(engine, token).orElseThrow().roles()).isEmpty();
    }
}
