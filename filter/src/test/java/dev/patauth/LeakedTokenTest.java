package dev.patauth;

import static dev.patauth.Presented.principalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Anyone who finds a token in a public place can kill it, without learning anything else. */
class LeakedTokenTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestClock clock = new TestClock();
    private String database;
    private PatAuth engine;

    @BeforeEach
    void start() {
        database = TestDatabases.newPostgres();
        engine = PatAuth.builder().jdbcUrl(database, null, null).failuresPerMinute(30).clock(clock).build();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aReportedTokenStopsWorkingWhoeverOwnsIt() {
        CreatedToken leaked = engine.create("bob", "pasted in a gist");
        CreatedToken kept = engine.create("bob", "still private");
        assertThat(principalOf(engine, leaked.token())).isPresent();

        engine.revokeLeaked(List.of(leaked.token(), "pat_not-even-a-token", TokenFormat.generate(RANDOM)), "203.0.113.7");

        await().atMost(Duration.ofSeconds(10)).until(() -> principalOf(engine, leaked.token()).isEmpty());
        assertThat(principalOf(engine, kept.token())).isPresent();
        assertThat(engine.list("bob")).extracting(TokenInfo::name).containsExactly("still private");
    }

    @Test
    void anAddressReportsAHundredTokensAMinuteWhateverTheyAre() {
        engine.revokeLeaked(guesses(60), "203.0.113.7");
        engine.revokeLeaked(guesses(39), "203.0.113.7");
        engine.revokeLeaked(guesses(100), "203.0.113.7"); // taken whole: one token of the budget was left

        assertThatThrownBy(() -> engine.revokeLeaked(guesses(1), "203.0.113.7"))
                .isInstanceOf(ThrottledException.class)
                .satisfies(e -> assertThat(((ThrottledException) e).retryAfter().toSeconds()).isBetween(1L, 60L));
        CreatedToken leaked = engine.create("bob", "found by someone else");
        engine.revokeLeaked(List.of(leaked.token()), "198.51.100.20");
        await().atMost(Duration.ofSeconds(10)).until(() -> principalOf(engine, leaked.token()).isEmpty());
    }

    /**
     * The review's oracle: after 29 unreal tokens from one address, a report holding a real
     * token was taken while one of two unreal tokens was refused, and an expired real token
     * counted as real. Now three reporters who spent the same get the same answers, report
     * after report, whichever tokens they hold; only their budget of 100 decides.
     */
    @Test
    void theAnswerDoesNotDependOnWhetherAReportedTokenIsReal() {
        CreatedToken expired = engine.create("carol", "expired in a public repo", Duration.ofDays(1));
        clock.advance(Duration.ofDays(2));
        for (int spent : new int[] {29, 99}) {
            List<String> answers = new ArrayList<>();
            for (String first : List.of(engine.create("carol", "real " + spent).token(), expired.token(),
                    TokenFormat.generate(RANDOM))) {
                String reporter = "198.51.100." + (answers.size() + spent);
                engine.revokeLeaked(guesses(spent), reporter);
                answers.add(answer(List.of(first, TokenFormat.generate(RANDOM)), reporter)
                        + ", then " + answer(guesses(1), reporter));
            }

            assertThat(answers).as("after %d unreal tokens: [real, unreal], [expired real, unreal], [unreal, unreal]", spent)
                    .containsOnly(answers.get(2));
            assertThat(answers.get(2)).isEqualTo(spent < 99 ? "taken, then taken" : "taken, then refused");
        }
    }

    /**
     * Revoking a real token writes and commits, which takes longer than finding no row. So the
     * report is answered before any token is looked at: while a revocation cannot commit, the
     * report of a real token still returns at once, and the token stops working once it can.
     */
    @Test
    void theReportIsAnsweredBeforeAnyTokenIsChecked() throws Exception {
        CreatedToken leaked = engine.create("dave", "in a screenshot");
        try (Connection locker = DriverManager.getConnection(database);
             Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("SELECT id FROM patauth_token FOR UPDATE");

            assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> engine.revokeLeaked(List.of(leaked.token()), "203.0.113.9"),
                    "a report waited for the revocation of its real token");
            assertThat(principalOf(engine, leaked.token())).as("not revoked while the row is locked").isPresent();

            locker.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> principalOf(engine, leaked.token()).isEmpty());
    }

    /** Before, a report during an outage got 503 and the reporter had to try again; now it waits for the database. */
    @Test
    void aTokenReportedDuringAnOutageIsRevokedWhenTheDatabaseIsBack() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestDatabases.postgresHostAndPort())) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(TestDatabases.viaHostAndPort(database, proxy.hostAndPort()));
            config.setConnectionTimeout(1_000);
            try (HikariDataSource pool = new HikariDataSource(config);
                 PatAuth viaProxy = PatAuth.builder().dataSource(pool).build()) {
                CreatedToken leaked = viaProxy.create("erin", "in a crash report");

                ListAppender<ILoggingEvent> log = new ListAppender<>();
                Logger leakReports = (Logger) LoggerFactory.getLogger("dev.patauth.LeakReports");
                log.start();
                leakReports.addAppender(log);
                try {
                    proxy.cut();
                    viaProxy.revokeLeaked(List.of(leaked.token()), "203.0.113.10");
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        synchronized (log) { // the lock the appender appends under
                            return log.list.stream()
                                    .anyMatch(event -> event.getFormattedMessage().contains("until its database answers again"));
                        }
                    });
                    proxy.restore();

                    // Unavailable while the pool reconnects, perhaps Authenticated until the report is checked
                    await().atMost(Duration.ofSeconds(30)).until(() -> viaProxy.authenticate(leaked.token(), "203.0.113.11"),
                            result -> result instanceof AuthResult.Refused);
                    assertThat(viaProxy.list("erin")).isEmpty();
                } finally {
                    leakReports.detachAppender(log);
                }
            }
        }
    }

    private String answer(List<String> report, String reporter) {
        try {
            engine.revokeLeaked(report, reporter);
            return "taken";
        } catch (ThrottledException e) {
            return "refused";
        }
    }

    private static List<String> guesses(int count) {
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            guesses.add(TokenFormat.generate(RANDOM));
        }
        return guesses;
    }
}
