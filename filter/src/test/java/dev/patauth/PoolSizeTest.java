package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pool patauth opens for a JDBC URL holds at most {@code patauth.jdbc.pool-size}
 * connections, four unless set, and opens one at start: counted by PostgreSQL itself, in
 * {@code pg_stat_activity}, while more requests need the database at once than the pool has
 * connections. Revocations travel by {@code none} here, so every connection counted is the pool's.
 */
class PoolSizeTest {

    /** Holds the connection for 0.3 s per owner, so that concurrent requests need a connection each. */
    private static final String SLOW_ROLES_QUERY = "SELECT 'member' FROM pg_sleep(0.3) WHERE ?::text IS NOT NULL";
    /** More owners asked at once than any pool here has connections. */
    private static final int CONCURRENT_OWNERS = 6;

    @Test
    void thePoolSizeKeyBoundsTheConnectionsOfThePool() throws Exception {
        String url = TestDatabases.newPostgres();
        Map<String, String> keys = Map.of("patauth.jdbc.url", url, "patauth.jdbc.pool-size", "3",
                "patauth.invalidation", "none", "patauth.roles-query", SLOW_ROLES_QUERY);
        try (PatAuth engine = Settings.toBuilder(keys::get).build()) {
            assertPoolHasAtMost(3, engine, url);
        }
    }

    @Test
    void theBuilderMethodBoundsThemToo() throws Exception {
        String url = TestDatabases.newPostgres();
        try (PatAuth engine = PatAuth.builder().jdbcUrl(url, null, null).jdbcPoolSize(2)
                .invalidation(PatAuth.Invalidation.NONE).rolesQuery(SLOW_ROLES_QUERY).build()) {
            assertPoolHasAtMost(2, engine, url);
        }
    }

    @Test
    void withoutTheSettingThePoolHasFourConnections() throws Exception {
        String url = TestDatabases.newPostgres();
        try (PatAuth engine = PatAuth.builder().jdbcUrl(url, null, null)
                .invalidation(PatAuth.Invalidation.NONE).rolesQuery(SLOW_ROLES_QUERY).build()) {
            assertPoolHasAtMost(4, engine, url);
        }
    }

    private static void assertPoolHasAtMost(int size, PatAuth engine, String url) throws Exception {
        List<String> tokens = new ArrayList<>();
        try (Connection observer = DriverManager.getConnection(url)) {
            assertThat(connectionsOfOthers(observer)).as("connections patauth opened at start").isEqualTo(1);
            for (int i = 0; i < CONCURRENT_OWNERS; i++) {
                tokens.add(engine.create("owner-" + i, "pool").token());
            }
            ExecutorService requests = Executors.newFixedThreadPool(CONCURRENT_OWNERS);
            try {
                List<Future<Optional<TokenPrincipal>>> answers = new ArrayList<>();
                for (String token : tokens) {
                    answers.add(requests.submit(() -> principalOf(engine, token)));
                }
                int most = 0;
                while (!answers.stream().allMatch(Future::isDone)) {
                    most = Math.max(most, connectionsOfOthers(observer));
                    TimeUnit.MILLISECONDS.sleep(5); // the sampling rate, not a wait for an outcome
                }
                for (Future<Optional<TokenPrincipal>> answer : answers) {
                    assertThat(answer.get()).as("every owner was authenticated, with a connection in turn").isPresent();
                }
                assertThat(most).as("connections while %d owners were asked at once", CONCURRENT_OWNERS)
                        .isLessThanOrEqualTo(size);
                assertThat(connectionsOfOthers(observer)).as("the pool grew to its size while requests waited")
                        .isEqualTo(size);
            } finally {
                requests.shutdownNow();
            }
        }
    }

    /** Connections to this test's own database, other than the observer's. */
    private static int connectionsOfOthers(Connection observer) throws SQLException {
        try (Statement statement = observer.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
