package dev.patauth.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.PatAuth;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The refusals that need a database in trouble or an address that has been refused too often,
 * over real HTTP in a running Spring Boot app: 429 and 503 with Retry-After and no challenge,
 * 500 for a query the database refuses. The app's DataSource is a real H2 behind a switch that
 * makes it unreachable, as a database server that is down.
 */
class PatAuthAuthenticationFilterTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A real H2 that can be made unreachable, as a database server that is down. */
    static final class SwitchableDataSource implements DataSource {
        final JdbcDataSource h2 = new JdbcDataSource();
        volatile boolean down;

        SwitchableDataSource() {
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("the database is down", "08001");
            }
            return h2.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    /** The app's DataSource, as the starter builds the engine from it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Database {
        @Bean
        SwitchableDataSource dataSource() {
            return new SwitchableDataSource();
        }
    }

    static HttpResponse<String> whoami(int port, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/whoami"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @SpringBootTest(classes = TokenApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "patauth.throttle.failures-per-minute=2")
    @Import(Database.class)
    class DatabaseDownOrAddressThrottled {

        @LocalServerPort
        int port;

        @Autowired
        PatAuth engine;

        @Autowired
        SwitchableDataSource database;

        @Test
        void anUnreachableDatabaseIs503WithRetryAfter() throws Exception {
            String token = engine.create("alice", "not yet cached").token();
            database.down = true;
            try {
                HttpResponse<String> response = whoami(port, token);

                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(value -> assertThat(value).matches("[1-9][0-9]*"));
                assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
                assertThat(response.body()).isEqualTo(
                        "{\"error_description\":\"The token store cannot be reached right now; retry shortly\"}");
            } finally {
                database.down = false;
            }
        }

        @Test
        void anAddressRefusedTooOftenIs429WithRetryAfter() throws Exception {
            String revoked = engine.create("alice", "revoked soon").token();
            engine.revoke("alice", engine.list("alice").stream().filter(t -> t.name().equals("revoked soon"))
                    .findFirst().orElseThrow().id());
            String valid = engine.create("alice", "valid").token();

            // two refusals a minute are allowed; the third is one too many
            assertThat(whoami(port, revoked).statusCode()).isEqualTo(401);
            assertThat(whoami(port, revoked).statusCode()).isEqualTo(401);
            HttpResponse<String> response = whoami(port, revoked);
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(value -> assertThat(value).matches("[1-9][0-9]*"));
            // the address is throttled before its token is even looked at
            assertThat(whoami(port, valid).statusCode()).isEqualTo(429);
        }
    }

    @Nested
    @SpringBootTest(classes = TokenApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "patauth.roles-query=SELECT role FROM no_such_table WHERE user_name = ?")
    @Import(Database.class)
    class RolesQueryBroken {

        @LocalServerPort
        int port;

        @Autowired
        PatAuth engine;

        @Test
        void aQueryTheDatabaseRefusesIs500WithoutAChallenge() throws Exception {
            HttpResponse<String> response = whoami(port, engine.create("alice", "roles broken").token());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        }
    }
}
