package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.AuthorizationHeaderModel.Expected;
import dev.patauth.testing.CountingDataSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile Authorization headers sent as raw bytes to the real filter in Jetty: never a 5xx,
 * never a database query unless the token is well-formed with a valid checksum, and always
 * the table's answer (or the container's own 400/431 for bytes HTTP does not allow).
 */
class FilterFuzzTest {

    private static HikariDataSource pool;
    private static CountingDataSource database;
    private static PatAuth engine;
    private static ServletContainer jetty;

    @BeforeAll
    static void start() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.newH2());
        pool = new HikariDataSource(config);
        database = new CountingDataSource(pool);
        engine = PatAuth.builder().dataSource(database).failuresPerMinute(1_000_000).build();
        jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
        engine.close();
        pool.close();
    }

    @Test
    void hostileHeadersGetTheTablesAnswerAndCostNoQuery() {
        Seeded.check(3_000, FilterFuzzTest::headers, FilterFuzzTest::sendAndCheck);
    }

    private static void sendAndCheck(List<String> headers) {
        URI api = jetty.uri("/api/echo");
        byte[][] lines = headers.stream().map(value -> RawHttp.header("Authorization", value)).toArray(byte[][]::new);
        int lookupsBefore = database.executions("SELECT id, user_id");

        RawHttp.Response response = RawHttp.get(api, "127.0.0.1", lines);

        int lookups = database.executions("SELECT id, user_id") - lookupsBefore;
        assertThat(response.status()).isLessThan(500);
        assertThat(lookups).isLessThanOrEqualTo(AuthorizationHeaderModel.needsLookup(trimmed(headers)) ? 1 : 0);
        if (rejectedByTheContainer(response, headers)) {
            return;
        }
        Expected expected = AuthorizationHeaderModel.expected(trimmed(headers));
        switch (expected) {
            // /api is in mode required: without a token of ours or a container login, the challenge
            case CHALLENGE, PASS -> assertThat(response.status()).as(response.body()).isEqualTo(401);
            case BAD_REQUEST -> {
                response.assertStatus(400);
                assertThat(response.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
            }
            case INVALID_TOKEN -> {
                response.assertStatus(401);
                assertThat(response.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
            }
        }
    }

    /** Bytes HTTP forbids (control characters, raw non-ASCII) or a huge header may be refused by Jetty itself. */
    private static boolean rejectedByTheContainer(RawHttp.Response response, List<String> headers) {
        boolean containerAnswered = (response.status() == 400 || response.status() == 431)
                && response.header("WWW-Authenticate").isEmpty();
        boolean unusualBytes = headers.stream().anyMatch(value -> value.length() > 4_000
                || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c >= 0x7f));
        assertThat(!containerAnswered || unusualBytes).as("the container refused an ordinary header").isTrue();
        return containerAnswered;
    }

    /** Containers drop the optional white space around a header value before the app sees it. */
    private static List<String> trimmed(List<String> headers) {
        return headers.stream().map(value -> value.replaceAll("^[ \\t]+|[ \\t]+$", "")).toList();
    }

    /** One request's Authorization values (no CR or LF: those would end the header): 12 in 15 one, 2 in 15 two or three, 1 in 15 none. */
    private static List<String> headers(Random random) {
        int count = switch (AuthorizationHeaderModel.weighted(random, 12, 2, 1)) {
            case 0 -> 1;
            case 1 -> 2 + random.nextInt(2);
            default -> 0;
        };
        List<String> headers = new ArrayList<>();
        while (headers.size() < count) {
            String value = AuthorizationHeaderModel.hostileValue(random);
            if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
                headers.add(value);
            }
        }
        return headers;
    }
}
