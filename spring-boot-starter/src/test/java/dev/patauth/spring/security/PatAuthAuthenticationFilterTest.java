package dev.patauth.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.PatAuth;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The refusals that need a database in trouble or an address that has been refused too often:
 * 429 and 503 with Retry-After and no challenge, 500 for a query the database refuses. The
 * database is a real H2 behind a switch that makes it unreachable.
 */
class PatAuthAuthenticationFilterTest {

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

    private static MockHttpServletResponse present(PatAuth engine, String token) throws Exception {
        PatAuthAuthenticationFilter filter = new PatAuthAuthenticationFilter(engine, Optional.empty(),
                new BearerRefusals("test"), SecurityContextHolder.getContextHolderStrategy());
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api");
        request.addHeader("Authorization", "Bearer " + token);
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request, response, new MockFilterChain());
        } finally {
            SecurityContextHolder.clearContext();
        }
        return response;
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfter() throws Exception {
        SwitchableDataSource database = new SwitchableDataSource();
        try (PatAuth engine = PatAuth.builder().dataSource(database).build()) {
            String token = engine.create("alice", "not yet cached").token();
            database.down = true;

            MockHttpServletResponse response = present(engine, token);
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).matches("[1-9][0-9]*");
            assertThat(response.getHeader("WWW-Authenticate")).isNull();
            assertThat(response.getContentAsString()).isEqualTo(
                    "{\"error_description\":\"The token store cannot be reached right now; retry shortly\"}");
        }
    }

    @Test
    void anAddressRefusedTooOftenIs429WithRetryAfter() throws Exception {
        try (PatAuth engine = PatAuth.builder().dataSource(new SwitchableDataSource()).failuresPerMinute(2).build()) {
            String unknown = engine.create("alice", "revoked soon").token();
            engine.revoke("alice", engine.list("alice").get(0).id());

            // two refusals a minute are allowed; the third is one too many
            assertThat(present(engine, unknown).getStatus()).isEqualTo(401);
            assertThat(present(engine, unknown).getStatus()).isEqualTo(401);
            MockHttpServletResponse response = present(engine, unknown);
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeader("Retry-After")).matches("[1-9][0-9]*");
            // the address is throttled before its token is even looked at
            assertThat(present(engine, engine.create("alice", "valid").token()).getStatus()).isEqualTo(429);
        }
    }

    @Test
    void aQueryTheDatabaseRefusesIs500WithoutAChallenge() throws Exception {
        try (PatAuth engine = PatAuth.builder().dataSource(new SwitchableDataSource())
                .rolesQuery("SELECT role FROM no_such_table WHERE user_name = ?").build()) {
            MockHttpServletResponse response = present(engine, engine.create("alice", "roles broken").token());
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(response.getHeader("WWW-Authenticate")).isNull();
            assertThat(response.getHeader("Retry-After")).isNull();
        }
    }
}
