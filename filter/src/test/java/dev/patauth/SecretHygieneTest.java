package dev.patauth;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.store.TokenHash;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Everything patauth and its pool log at DEBUG (and the container at INFO) while tokens are
 * created, used, refused, revoked, reported as leaked and the database fails: not one line and
 * not one exception message holds a token, a token's hash, or an Authorization header value.
 * The container itself stays at INFO because Jetty's HTTP parser logs every raw header at
 * DEBUG, Authorization included: that is the container's switch, and the README warns of it.
 */
class SecretHygieneTest {

    private static final Map<String, Level> CAPTURED = Map.of(
            "dev.patauth", Level.DEBUG, "com.zaxxer.hikari", Level.DEBUG, "org.eclipse.jetty", Level.INFO);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Map<String, Level> levelsBefore = new java.util.HashMap<>();
    private final List<String> secrets = new ArrayList<>();

    @BeforeEach
    void captureEverything() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        levelsBefore.put(org.slf4j.Logger.ROOT_LOGGER_NAME, root.getLevel());
        root.setLevel(Level.DEBUG);
        CAPTURED.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            levelsBefore.put(name, logger.getLevel());
            logger.setLevel(level);
        });
    }

    @AfterEach
    void restoreLevels() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        levelsBefore.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(log);
    }

    @Test
    void noTokenHashOrHeaderValueEverReachesALog() throws Exception {
        String url = TestDatabases.newPostgres();
        try (TcpProxy proxy = new TcpProxy(TestDatabases.postgresHostAndPort())) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(TestDatabases.viaHostAndPort(url, proxy.hostAndPort()));
            config.setConnectionTimeout(1_000);
            try (HikariDataSource pool = new HikariDataSource(config);
                 PatAuth engine = PatAuth.builder().dataSource(pool).lastUsedInterval(Duration.ofMillis(200)).build();
                 ServletContainer jetty = ServletContainer.Kind.JETTY.start(ServletContainer.Webapp.sharing(engine))) {
                URI api = jetty.uri("/api/echo");

                CreatedToken used = remember(engine.create("alice", "used"));
                CreatedToken revoked = remember(engine.create("alice", "revoked"));
                CreatedToken leaked = remember(engine.create("bob", "leaked"));
                String unknown = remember(TokenFormat.generate(new SecureRandom()));
                String typo = remember(used.token().substring(0, 49) + (used.token().endsWith("a") ? "b" : "a"));

                assertStatus(Http.getWithToken(api, used.token()), 200);
                assertStatus(Http.getWithToken(api, revoked.token()), 200);
                assertStatus(Http.getWithToken(api, unknown), 401);
                assertStatus(Http.getWithToken(api, typo), 401);
                assertStatus(Http.get(api, "Authorization", "Bearer " + unknown, "Authorization", "Bearer " + typo), 400);
                engine.revoke("alice", revoked.info().id());
                assertStatus(Http.getWithToken(api, revoked.token()), 401);
                engine.revokeLeaked(List.of(leaked.token(), unknown, typo, "garbage"), "127.0.0.1");
                // revoked moments after the report is taken
                await().atMost(Duration.ofSeconds(10)).until(() -> Http.getWithToken(api, leaked.token()).statusCode() == 401);
                engine.flushLastUsed();

                proxy.cut();
                String uncached = remember(TokenFormat.generate(new SecureRandom()));
                assertStatus(Http.getWithToken(api, uncached), 503);
                assertStatus(Http.getWithToken(api, used.token()), 200);
                assertThat(engine.authenticate(uncached.substring(0, 20) + "x", "192.0.2.30")).as("refused without I/O")
                        .isEqualTo(new AuthResult.Refused(AuthResult.Refused.Reason.MALFORMED));
                try {
                    engine.create("alice", "during the outage");
                } catch (PatAuthUnavailableException expected) {
                    LoggerFactory.getLogger(SecretHygieneTest.class).error("as an app would log it", expected);
                }
                proxy.restore();
                await().atMost(Duration.ofSeconds(30)).until(() -> Http.getWithToken(api, uncached).statusCode() == 401);
            }
        }

        assertThat(log.list).as("the flows logged something to inspect").hasSizeGreaterThan(20);
        assertThat(log.list).as("the audit trail is among what is inspected")
                .filteredOn(event -> event.getLoggerName().equals("patauth.audit")).hasSizeGreaterThanOrEqualTo(5);
        for (ILoggingEvent event : log.list) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            for (String secret : secrets) {
                assertThat(text).as("log line from %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    private CreatedToken remember(CreatedToken created) {
        remember(created.token());
        return created;
    }

    /** The token, its secret part, and every way its hash might be written. */
    private String remember(String token) {
        byte[] hash = TokenHash.of(token).bytes();
        secrets.add(token);
        secrets.add(token.substring(4, 44));
        secrets.add(HexFormat.of().formatHex(hash));
        secrets.add(HexFormat.of().withUpperCase().formatHex(hash));
        secrets.add(Base64.getEncoder().encodeToString(hash));
        secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        return token;
    }

    private static String throwableText(IThrowableProxy throwable) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
            text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
            for (IThrowableProxy suppressed : t.getSuppressed()) {
                text.append(throwableText(suppressed));
            }
        }
        return text.toString();
    }
}
