package dev.patauth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the demo is told where to listen and which database to use. */
class DemoTest {

    @Test
    void settingsReplaceWhatWebXmlSays() throws Exception {
        String database = "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // characters that XML must escape, to show they reach patauth as written
        String realm = "demo & <friends>";
        try (Demo demo = Demo.start(0, Map.of("patauth.jdbc.url", database, "patauth.realm", realm))) {
            SampleClient client = new SampleClient(demo.uri());
            client.createToken(SampleAccount.ALICE, "in the chosen database");

            try (Connection connection = DriverManager.getConnection(database);
                 Statement statement = connection.createStatement();
                 ResultSet names = statement.executeQuery("SELECT name FROM patauth_token")) {
                assertThat(names.next()).isTrue();
                assertThat(names.getString(1)).isEqualTo("in the chosen database");
            }
            HttpResponse<String> refused = client.get("api/whoami");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"" + realm + "\"");
        }
    }

    /**
     * The review: 230 clients trickling a leak report to the demo held 196 of its 200 threads,
     * and {@code api/whoami} timed out.
     */
    @Test
    void aValidTokenIsAnsweredWhileSlowReportersHang() throws Exception {
        String database = "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Demo demo = Demo.start(0, Map.of("patauth.jdbc.url", database))) {
            String token = new SampleClient(demo.uri()).createToken(SampleAccount.ALICE, "nightly").get("token").asText();

            SlowReporters.assertAValidTokenIsAnsweredWhile250Hang(demo.uri(), token);
        }
    }

    @Test
    void environmentNamesTheDatabase() {
        assertThat(Demo.settings(Map.of(
                "PATAUTH_JDBC_URL", "jdbc:postgresql://db:5432/app",
                "PATAUTH_JDBC_USER", "app",
                "PATAUTH_JDBC_PASSWORD", " ",
                "HOME", "/root")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "patauth.jdbc.url", "jdbc:postgresql://db:5432/app",
                        "patauth.jdbc.user", "app"));
        assertThat(Demo.settings(Map.of("HOME", "/root"))).as("web.xml's in-memory H2").isEmpty();
    }

    @Test
    void portComesFromTheCommandLine() {
        assertThat(Demo.port(new String[0])).isEqualTo(8080);
        assertThat(Demo.port(new String[] {"--port", "9090"})).isEqualTo(9090);
        assertThat(Demo.port(new String[] {"--port=0"})).isZero();
        assertThatThrownBy(() -> Demo.port(new String[] {"--port", "65536"})).hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> Demo.port(new String[] {"--verbose"})).hasMessage("unknown argument: --verbose");
    }
}
