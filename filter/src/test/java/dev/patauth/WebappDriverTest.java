package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Driver;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JDBC driver in a webapp's WEB-INF/lib is invisible to DriverManager, which registers
 * drivers once from the JVM's own class path. patauth finds it through the webapp's class
 * loader instead, for its pool and for its revocation listener.
 */
class WebappDriverTest {

    @Test
    void aDriverDriverManagerDoesNotKnowIsFoundThroughTheContextClassLoader() throws Exception {
        String postgres = TestDatabases.newPostgres();
        String h2 = TestDatabases.newH2();
        List<Driver> registered = DriverManager.drivers().toList();
        registered.forEach(driver -> {
            try {
                DriverManager.deregisterDriver(driver);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            try (PatAuth onPostgres = PatAuth.builder().jdbcUrl(postgres, null, null).build();
                 PatAuth onH2 = PatAuth.builder().jdbcUrl(h2, null, null).build()) {
                String token = onPostgres.create("alice", "found its driver").token();
                assertThat(principalOf(onPostgres, token)).isPresent();
                assertThat(onPostgres.hearsOtherNodes()).as("the listener connected too").isTrue();
                assertThat(principalOf(onH2, onH2.create("bob", "h2 too").token())).isPresent();
            }
        } finally {
            for (Driver driver : registered) {
                DriverManager.registerDriver(driver);
            }
        }
    }
}
