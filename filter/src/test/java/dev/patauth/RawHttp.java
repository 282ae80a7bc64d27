package dev.patauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client library refuses to send
 * (control characters, raw non-ASCII bytes, odd headers) and for choosing the client's
 * source address within 127.0.0.0/8.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** Asserts the status, with the whole answer in the message when it differs. */
        Response assertStatus(int expected) {
            org.assertj.core.api.Assertions.assertThat(status).as("answered %d %s: %s", status, headers, body).isEqualTo(expected);
            return this;
        }
    }

    private RawHttp() {
    }

    /** GET {@code uri} with the given raw header lines (each without CRLF), from {@code sourceAddress}. */
    static Response get(URI uri, String sourceAddress, byte[]... headerLines) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nConnection: close\r\n");
        for (byte[] line : headerLines) {
            request.writeBytes(line);
            write(request, "\r\n");
        }
        write(request, "\r\n");
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(20_000);
            socket.bind(new InetSocketAddress(sourceAddress, 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One kept-alive connection to the server of {@code uri}, for requests that must share it. */
    static Connection connect(URI uri) {
        try {
            Socket socket = new Socket();
            socket.setSoTimeout(20_000);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            return new Connection(uri, socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests sent one after another on one socket, each answer read to its end before the next. */
    static final class Connection implements AutoCloseable {
        private final URI uri;
        private final Socket socket;
        private final InputStream in;

        private Connection(URI uri, Socket socket) throws IOException {
            this.uri = uri;
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
        }

        /** GET the connection's path with the given raw header lines; fails if the server closed the connection. */
        Response get(byte[]... headerLines) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            write(request, "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n");
            for (byte[] line : headerLines) {
                request.writeBytes(line);
                write(request, "\r\n");
            }
            write(request, "\r\n");
            try {
                socket.getOutputStream().write(request.toByteArray());
                socket.getOutputStream().flush();
                return readOne(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads exactly one response: its head, then a body of Content-Length bytes or in chunks. */
    private static Response readOne(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before answering");
            }
            head.write(b);
        }
        Response headOnly = parse(new java.io.ByteArrayInputStream(head.toByteArray()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Optional<String> length = headOnly.header("Content-Length");
        if (length.isPresent()) {
            body.writeBytes(in.readNBytes(Integer.parseInt(length.get())));
        } else if (headOnly.header("Transfer-Encoding").filter(te -> te.equalsIgnoreCase("chunked")).isPresent()) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.writeBytes(in.readNBytes(size));
                in.readNBytes(2);
            }
            in.readNBytes(2);
        }
        return new Response(headOnly.status(), headOnly.headers(), body.toString(StandardCharsets.UTF_8));
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection inside a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return Integer.parseInt(line.toString().split(";")[0].trim(), 16);
    }

    static byte[] header(String name, String value) {
        return (name + ": " + value).getBytes(StandardCharsets.UTF_8);
    }

    private static Response parse(InputStream in) throws IOException {
        String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(status, headers, end < 0 ? "" : raw.substring(end + 4));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
