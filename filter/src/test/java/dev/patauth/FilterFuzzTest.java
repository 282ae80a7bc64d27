package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.AuthorizationHeaderModel.Expected;
import java.net.URI;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

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

    @BeforeContainer
    static void start() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.newH2());
        pool = new HikariDataSource(config);
        database = new CountingDataSource(pool);
        engine = PatAuth.builder().dataSource(database).failuresPerMinute(1_000_000).build();
        jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine));
    }

    @AfterContainer
    static void stop() throws Exception {
        jetty.close();
        engine.close();
        pool.close();
    }

    @Property(tries = 3_000)
    void hostileHeadersGetTheTablesAnswerAndCostNoQuery(@ForAll("headers") List<String> headers) {
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
                assertThat(response.status()).isEqualTo(400);
                assertThat(response.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
            }
            case INVALID_TOKEN -> {
                assertThat(response.status()).isEqualTo(401);
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

    @Provide
    Arbitrary<List<String>> headers() {
        Arbitrary<String> value = AuthorizationHeaderModel.hostileValues()
                .filter(v -> v.indexOf('\r') < 0 && v.indexOf('\n') < 0);
        return Arbitraries.frequencyOf(
                Tuple.of(12, value.list().ofSize(1)),
                Tuple.of(2, value.list().ofMinSize(2).ofMaxSize(3)),
                Tuple.of(1, Arbitraries.just(List.of())));
    }
}
