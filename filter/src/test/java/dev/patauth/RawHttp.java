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
