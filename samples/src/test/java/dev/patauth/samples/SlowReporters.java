package dev.patauth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The review's attack on a running sample: clients that start a leak report, which needs no
 * login, send part of its body and then hang, each on a socket of its own.
 */
final class SlowReporters implements AutoCloseable {

    /** The leak endpoint's deadline for a whole body ({@code JsonBody.DEADLINE_SECONDS}). */
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<Socket> sockets = new ArrayList<>();

    private SlowReporters() {
    }

    /**
     * With 250 reporters hanging, a valid token on {@code api/whoami} is answered within 2 s,
     * request after request for 3 s; and the reporters were still hanging all that time. With
     * {@code thenUntilTheDeadline}, each then gets 408 and its connection closed once the
     * endpoint's 10 s deadline is over, and a valid token is still answered within 2 s: giving
     * up on them holds no thread either (that wait is 10 s, so not every container needs it).
     */
    static void assertAValidTokenIsAnsweredWhile250Hang(URI base, String token, boolean thenUntilTheDeadline)
            throws Exception {
        try (SlowReporters reporters = hang(base, 250)) {
            long started = System.nanoTime();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest whoami = HttpRequest.newBuilder(base.resolve("api/whoami"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(2)).build();
            long until = started + Duration.ofSeconds(3).toNanos();
            int answered = 0;
            do {
                answerWithin2s(http, whoami, "while 250 reporters hang", answered);
                answered++;
            } while (System.nanoTime() < until);
            assertThat(reporters.stillHanging()).as("reporters that got no answer all along").isEqualTo(250);
            if (!thenUntilTheDeadline) {
                return;
            }

            for (Socket socket : reporters.sockets) {
                Duration left = DEADLINE.plusSeconds(10).minusNanos(System.nanoTime() - started);
                assertThat(answerUntilClosed(socket, left)).startsWith("HTTP/1.1 408 ").contains("request_timeout");
            }
            answerWithin2s(http, whoami, "after the reporters were given up on", 0);
        }
    }

    private static void answerWithin2s(HttpClient http, HttpRequest whoami, String when, int answeredBefore)
            throws Exception {
        try {
            assertThat(http.send(whoami, BodyHandlers.ofString()).body()).contains("\"user\":\"alice\"");
        } catch (HttpTimeoutException e) {
            fail("a valid token was not answered within 2 s %s (%d answered before)", when, answeredBefore);
        }
    }

    private static String answerUntilClosed(Socket socket, Duration wait) throws IOException {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("a reporter got no answer, or its connection was not closed, within the deadline", e);
        }
    }

    private static SlowReporters hang(URI base, int count) throws IOException {
        SlowReporters reporters = new SlowReporters();
        String path = base.resolve("account/tokens/api/revoke-leaked").getRawPath();
        String start = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"tokens\":[\"pat_";
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                reporters.sockets.add(socket);
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
        } catch (IOException | RuntimeException e) {
            reporters.close();
            throw e;
        }
        return reporters;
    }

    private int stillHanging() {
        int hanging = 0;
        for (Socket socket : sockets) {
            try {
                socket.setSoTimeout(1);
                socket.getInputStream().read();
            } catch (SocketTimeoutException silent) {
                hanging++;
            } catch (IOException reset) {
                // the server gave up on this one
            }
        }
        return hanging;
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }
}
