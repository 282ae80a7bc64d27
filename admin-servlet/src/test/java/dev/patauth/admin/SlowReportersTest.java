package dev.patauth.admin;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The leak endpoint needs no login, so anyone can open connections to it and send a body as
 * slowly as they like. That must not cost the app its request threads (Jetty has 200 here),
 * and a body that never arrives is given up on after the deadline.
 */
class SlowReportersTest {

    private static final String LEAK_REPORTS = AdminApp.CONTEXT + "/tokens/api/revoke-leaked";
    private static final String BLOCKING_LEAK_REPORTS = AdminApp.CONTEXT + "/sync-tokens/api/revoke-leaked";
    private static final Duration DEADLINE = Duration.ofSeconds(JsonBody.DEADLINE_SECONDS);

    private AdminApp app;
    private final List<SlowClient> clients = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger servletLog = (Logger) LoggerFactory.getLogger(TokenAdminServlet.class);

    @BeforeEach
    void start() {
        app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(), Map.of());
        log.start();
        servletLog.addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        servletLog.detachAppender(log);
        clients.forEach(SlowClient::close);
        app.close();
    }

    /** The review: 230 such clients held 196 of 200 Jetty threads, and the app stopped answering. */
    @Test
    void aValidTokenIsAnsweredWithinTwoSecondsWhile250ReportersHang() throws Exception {
        String token = app.newUser().createToken("nightly build").get("token").asText();
        for (int i = 0; i < 250; i++) {
            SlowClient reporter = SlowClient.post(app.port(), LEAK_REPORTS, 100);
            clients.add(reporter);
            reporter.send("{\"tokens\":[\"pat_");
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest withToken = HttpRequest.newBuilder(app.uri("/tokens/api/tokens"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int answered = 0;
        do {
            try {
                assertStatus(http.send(withToken, BodyHandlers.discarding()), 200);
            } catch (HttpTimeoutException e) {
                fail("a valid token was not answered within 2 s while 250 reporters hang (%d answered before)", answered);
            }
            answered++;
        } while (System.nanoTime() < until);

        assertThat(clients).as("the reporters were still hanging all along")
                .noneMatch(reporter -> reporter.answeredWithin(Duration.ofMillis(1)));
    }

    /**
     * A body that never arrives, or arrives a byte every half second, is answered 408 once the
     * deadline is over, and the connection is closed, the rest of the body unread. Also without
     * async support, where the deadline bounds a blocking read.
     */
    @Test
    void aBodyThatTakesLongerThanTheDeadlineGets408() throws Exception {
        SlowClient silent = SlowClient.post(app.port(), LEAK_REPORTS, 100);
        SlowClient trickling = SlowClient.post(app.port(), LEAK_REPORTS, 100);
        SlowClient tricklingWithoutAsync = SlowClient.post(app.port(), BLOCKING_LEAK_REPORTS, 100);
        clients.addAll(List.of(silent, trickling, tricklingWithoutAsync));
        silent.send("{\"tokens\":[");
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            trickle.scheduleAtFixedRate(() -> List.of(trickling, tricklingWithoutAsync).forEach(client -> {
                try {
                    client.send(" ");
                } catch (UncheckedIOException answeredAndClosed) {
                    // this one is done; keep the other trickling
                }
            }), 0, 500, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();

            for (SlowClient client : List.of(silent, trickling, tricklingWithoutAsync)) {
                String answer = client.answerUntilClosed(DEADLINE.plusSeconds(10)).orElseThrow(
                        () -> new AssertionError("closed without an answer"));
                assertThat(answer).startsWith("HTTP/1.1 408 ").containsIgnoringCase("Connection: close")
                        .contains("\"error\":\"request_timeout\"");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(DEADLINE.minusMillis(500));
        } finally {
            trickle.shutdownNow();
        }
    }

    /** A deployer who forgot async-supported still has a working endpoint, and one warning that says what to set. */
    @Test
    void withoutAsyncSupportReportsWorkAndTheLogSaysSoOnce() {
        Caller alice = app.newUser();
        String first = alice.createToken("first leak").get("token").asText();
        String second = alice.createToken("second leak").get("token").asText();
        Caller stranger = app.anonymous().withoutRequestedWith();

        assertStatus(stranger.post("/sync-tokens/api/revoke-leaked", "{\"tokens\":[\"" + first + "\"]}"), 202);
        assertStatus(stranger.post("/sync-tokens/api/revoke-leaked", "{\"tokens\":[\"" + second + "\"]}"), 202);
        assertStatus(stranger.post("/tokens/api/revoke-leaked", "{\"tokens\":[\"" + second + "\"]}"), 202);

        await().atMost(Duration.ofSeconds(10)).until(() -> alice.tokens().isEmpty());
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains("<async-supported>true</async-supported>"));
    }
}
