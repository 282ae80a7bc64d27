package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one database where {@code patauth.invalidation=auto} polls (H2; MariaDB, which
 * has no NOTIFY): revocations and account changes arrive by polling.
 */
abstract class PollingClusterContract {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private String url;

    abstract String newDatabaseUrl();

    /** How many revocations to time: fewer where each costs more. */
    abstract int revocations();

    /** The database, as the propagation report names it. */
    abstract String databaseName();
    private PatAuth nodeA;
    private PatAuth nodeB;

    @BeforeEach
    void start() {
        url = newDatabaseUrl();
        nodeA = node();
        TestDatabases.execute(url,
                "CREATE TABLE app_role (user_name VARCHAR(255) NOT NULL, role VARCHAR(50) NOT NULL)",
                "INSERT INTO app_role VALUES ('alice', 'member')");
        nodeB = node();
    }

    private PatAuth node() {
        return PatAuth.builder()
                .jdbcUrl(url, null, null)
                .rolesQuery("SELECT role FROM app_role WHERE user_name = ?")
                .rolesTtl(Duration.ofHours(1))
                .cacheTtl(Duration.ofHours(1))
                .pollInterval(POLL_INTERVAL)
                .build();
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void tokenRevokedOnOneNodeIsRefusedOnTheOtherWithinThePollInterval() {
        assertThat(nodeB.statistics().invalidation()).isEqualTo(PatAuth.Invalidation.POLL);
        Propagation propagation = new Propagation();
        // a revocation lands at most one interval before the next poll sees it; the second
        // interval is headroom for a busy two-core machine, and the log line shows the real p99
        Duration bound = POLL_INTERVAL.multipliedBy(2);
        for (int i = 0; i < revocations(); i++) {
            CreatedToken created = nodeA.create("alice", "token " + i);
            assertThat(principalOf(nodeA, created.token())).isPresent();
            assertThat(principalOf(nodeB, created.token())).isPresent();

            long revokedAt = System.nanoTime();
            nodeA.revoke("alice", created.info().id());

            propagation.awaitSeen(revokedAt, bound, () -> principalOf(nodeB, created.token()).isEmpty());
        }
        propagation.report(databaseName() + " polling every " + POLL_INTERVAL.toMillis() + " ms between two nodes");
    }

    @Test
    void accountChangeReachesTheOtherNodeWithinThePollInterval() {
        String token = nodeA.create("alice", "reports").token();
        assertThat(principalOf(nodeB, token).orElseThrow().roles()).containsExactly("member");
        TestDatabases.execute(url, "INSERT INTO app_role VALUES ('alice', 'admin')");

        nodeA.invalidateUser("alice");

        await().atMost(POLL_INTERVAL.multipliedBy(2)).untilAsserted(() ->
                assertThat(principalOf(nodeB, token).orElseThrow().roles()).containsExactlyInAnyOrder("member", "admin"));
    }
}
