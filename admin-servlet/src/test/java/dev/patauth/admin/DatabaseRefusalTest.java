package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.admin.Caller.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.patauth.testing.TestSchema;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A database that answers but refuses a statement (here, a name its column cannot hold) is an
 * error on the server: 500 with a sentence and one ERROR line naming the user, never 503, which
 * would send people to wait for an outage that is not there. And the H2 table of an earlier
 * version, whose name column counted UTF-16 units, is widened when patauth creates its schema.
 */
class DatabaseRefusalTest {

    /** The H2 table as patauth 0.1.0 created it: VARCHAR(100), which H2 counts in UTF-16 units. */
    private static final String EARLIER_TOKEN_TABLE = "CREATE TABLE patauth_token (id UUID PRIMARY KEY,"
            + " user_id VARCHAR(255) NOT NULL, name VARCHAR(100) NOT NULL, token_hash VARBINARY(32) NOT NULL UNIQUE,"
            + " created_at TIMESTAMP WITH TIME ZONE NOT NULL, last_used_at TIMESTAMP WITH TIME ZONE,"
            + " expires_at TIMESTAMP WITH TIME ZONE, revoked_at TIMESTAMP WITH TIME ZONE)";
    private static final String EARLIER_OWNER_TABLE =
            "CREATE TABLE patauth_owner (user_id VARCHAR(255) PRIMARY KEY, invalidated_at TIMESTAMP WITH TIME ZONE)";
    /** 51 code points, 102 UTF-16 units: a valid name that the earlier H2 column cannot hold. */
    private static final String FIFTY_ONE_ROCKETS = "🚀".repeat(51);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger("dev.patauth")).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger("dev.patauth")).detachAppender(log);
    }

    @Test
    void aNameTheColumnCannotHoldIsAServerErrorLoggedOnceNotAnOutage() throws Exception {
        String url = AdminApp.freshDatabase();
        execute(url, EARLIER_TOKEN_TABLE, EARLIER_OWNER_TABLE);
        // the deployer manages the schema: has applied version 2, but has not widened the column yet
        execute(url, TestSchema.statements("/dev/patauth/schema/h2-2.sql").toArray(String[]::new));
        try (AdminApp app = AdminApp.start(AdminApp.Login.BASIC, url, Map.of("patauth.schema.auto-create", "false"))) {
            Caller alice = app.newUser();

            HttpResponse<String> response = alice.post(TOKENS, "{\"name\":\"" + FIFTY_ONE_ROCKETS + "\"}");

            String message = assertRefused(response, 500, "internal_error");
            assertThat(message).contains("went wrong on the server");
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
            assertThat(response.body()).doesNotContain("SQL", "patauth_token", "at dev.patauth");
            List<ILoggingEvent> errors = log.list.stream().filter(event -> event.getLevel() == Level.ERROR).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getFormattedMessage())
                    .contains("POST /api/tokens", "create token", "for user " + alice.user(), "SQLState 22001")
                    .doesNotContain("pat_");
            // nothing was stored, and the database is not "down": the next requests work
            assertThat(alice.tokens()).isEmpty();
            assertThat(alice.createToken("short name").get("name").asText()).isEqualTo("short name");
        }
    }

    @Test
    void theTableOfAnEarlierVersionIsWidenedWhenPatauthCreatesItsSchema() throws Exception {
        String url = AdminApp.freshDatabase();
        execute(url, EARLIER_TOKEN_TABLE, EARLIER_OWNER_TABLE);
        try (AdminApp app = AdminApp.start(AdminApp.Login.BASIC, url, Map.of())) {
            Caller alice = app.newUser();

            assertThat(alice.createToken(FIFTY_ONE_ROCKETS).get("name").asText()).isEqualTo(FIFTY_ONE_ROCKETS);
            assertThat(alice.createToken("😀".repeat(100)).get("name").asText()).isEqualTo("😀".repeat(100));

            assertThat(alice.tokens()).extracting(token -> token.get("name").asText())
                    .containsExactly("😀".repeat(100), FIFTY_ONE_ROCKETS);
        }
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
