package dev.patauth.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A client that sends a request over a plain socket as slowly as it likes: the headers, then
 * the body a piece at a time, or never all of it. What a well-behaved client library cannot do.
 */
final class SlowClient implements AutoCloseable {

    private final Socket socket;

    private SlowClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects and sends the headers of a JSON POST whose body will be {@code contentLength} bytes. */
    static SlowClient post(int port, String path, int contentLength) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            SlowClient client = new SlowClient(socket);
            client.send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n");
            return client;
        } catch (IOException e) {
            close(socket);
            throw new UncheckedIOException(e);
        }
    }

    void send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server has sent anything, or closed, within {@code wait}. */
    boolean answeredWithin(Duration wait) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            socket.getInputStream().read(); // a byte of an answer, or the end of the stream
            return true;
        } catch (SocketTimeoutException silent) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** The server's whole answer, read until it closes the connection: empty when it closes without one. */
    Optional<String> answerUntilClosed(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.size() == 0 ? Optional.empty() : Optional.of(answer.toString(StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for more than " + wait, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}
