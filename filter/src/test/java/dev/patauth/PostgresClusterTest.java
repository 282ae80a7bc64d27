package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patauth.store.PostgresNotifyBus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes sharing one PostgreSQL: what one revokes, the other refuses at once (LISTEN/NOTIFY). */
class PostgresClusterTest {

    private String url;
    private PatAuth nodeA;
    private PatAuth nodeB;

    @BeforeEach
    void start() {
        url = TestDatabases.newPostgres();
        TestDatabases.execute(url,
                "CREATE TABLE app_role (user_name VARCHAR(255) NOT NULL, role VARCHAR(50) NOT NULL)",
                "INSERT INTO app_role VALUES ('alice', 'member')");
        nodeA = node();
        nodeB = node();
    }

    private PatAuth node() {
        return PatAuth.builder()
                .jdbcUrl(url, null, null)
                .invalidation(PatAuth.Invalidation.NOTIFY)
                .rolesQuery("SELECT role FROM app_role WHERE user_name = ?")
                .rolesTtl(Duration.ofHours(1))
                .cacheTtl(Duration.ofHours(1))
                .build();
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void tokenRevokedOnOneNodeIsRefusedOnTheOtherWithinASecond() {
        Propagation propagation = new Propagation();
        for (int i = 0; i < 200; i++) {
            CreatedToken created = nodeA.create("alice", "token " + i);
            assertThat(principalOf(nodeA, created.token())).isPresent();
            assertThat(principalOf(nodeB, created.token())).isPresent();

            long revokedAt = System.nanoTime();
            nodeA.revoke("alice", created.info().id());

            propagation.awaitSeen(revokedAt, Duration.ofSeconds(1), () -> principalOf(nodeB, created.token()).isEmpty());
        }
        propagation.report("PostgreSQL NOTIFY between two nodes");
    }

    @Test
    void accountChangeReachesTheOtherNodeWithinASecond() {
        String token = nodeA.create("alice", "reports").token();
        assertThat(principalOf(nodeB, token).orElseThrow().roles()).containsExactly("member");
        TestDatabases.execute(url, "INSERT INTO app_role VALUES ('alice', 'admin')");
        assertThat(principalOf(nodeB, token).orElseThrow().roles()).as("roles are cached for an hour").containsExactly("member");

        nodeA.invalidateUser("alice");

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(principalOf(nodeB, token).orElseThrow().roles()).containsExactlyInAnyOrder("member", "admin"));
    }

    @Test
    void listenerKilledByTheServerReconnectsFlushesAndHearsLaterRevocations() throws Exception {
        CreatedToken missed = nodeA.create("alice", "revoked while nobody listened");
        assertThat(principalOf(nodeB, missed.token())).isPresent();
        // a revocation whose notification never arrives, as when it happens while a listener is down
        TestDatabases.execute(url, "UPDATE patauth_token SET revoked_at = now() WHERE id = '" + missed.info().id() + "'");
        assertThat(principalOf(nodeB, missed.token())).as("nothing told node B yet").isPresent();

        assertThat(terminateListeners()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(10)).until(() -> principalOf(nodeB, missed.token()).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners() == 2);
        CreatedToken later = nodeA.create("alice", "revoked after the reconnect");
        assertThat(principalOf(nodeB, later.token())).isPresent();
        nodeA.revoke("alice", later.info().id());
        await().atMost(Duration.ofSeconds(1)).until(() -> principalOf(nodeB, later.token()).isEmpty());
    }

    private int terminateListeners() throws Exception {
        return count("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                + PostgresNotifyBus.APPLICATION_NAME + "' AND datname = current_database()");
    }

    private int listeners() throws Exception {
        return count("SELECT pid FROM pg_stat_activity WHERE application_name = '"
                + PostgresNotifyBus.APPLICATION_NAME + "' AND datname = current_database()");
    }

    private int count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            return rows;
        }
    }
}
