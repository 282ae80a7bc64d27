package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.testing.CountingDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A container DataSource whose connections patauth cannot listen on (in Tomcat: pgjdbc both in
 * the server's lib folder and in WEB-INF/lib, so the connection is another copy's
 * PGConnection). patauth must treat that like an outage, with its backoff: it used to LISTEN
 * first, empty its caches, reset its backoff and only then fail, ten times a second, so every
 * cached token was looked up again and again.
 */
class ForeignListenerConnectionTest {

    @Test
    void aConnectionPatauthCannotListenOnIsRetriedWithBackoffAndLeavesTheCacheAlone() {
        String url = TestDatabases.newPostgres();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            CountingDataSource database = new CountingDataSource(pool);
            AtomicInteger listenAttempts = new AtomicInteger();
            try (PatAuth engine = PatAuth.builder()
                    .dataSource(withoutPgConnection(database, listenAttempts))
                    .invalidation(PatAuth.Invalidation.NOTIFY)
                    .build()) {
                String token = engine.create("alice", "cached").token();
                assertThat(engine.authenticate(token, "192.0.2.1")).isInstanceOf(AuthResult.Authenticated.class);
                database.reset();
                int attemptsBefore = listenAttempts.get();

                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until) {
                    assertThat(engine.authenticate(token, "192.0.2.1")).isInstanceOf(AuthResult.Authenticated.class);
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }

                assertThat(listenAttempts.get() - attemptsBefore).as("listener attempts in 3 s").isLessThanOrEqualTo(4);
                assertThat(database.executions("SELECT id, user_id")).as("lookups of a token that was cached").isZero();
            }
        }
    }

    /** Connections of the DataSource, as another copy of the driver would hand them out: no PGConnection inside. */
    private static DataSource withoutPgConnection(DataSource real, AtomicInteger unwrapAttempts) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return result instanceof Connection connection ? foreign(connection, unwrapAttempts) : result;
                });
    }

    private static Connection foreign(Connection real, AtomicInteger unwrapAttempts) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("unwrap") && args[0] == PGConnection.class) {
                        unwrapAttempts.incrementAndGet();
                        throw new SQLException("Cannot unwrap to org.postgresql.PGConnection");
                    }
                    if (method.getName().equals("isWrapperFor") && args[0] == PGConnection.class) {
                        return false;
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
