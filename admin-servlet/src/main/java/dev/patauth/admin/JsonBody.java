package dev.patauth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A request body that must be one small JSON object. Reading it stays cheap whatever is sent:
 * the content type is checked first, the body is capped before it is parsed, and anything but
 * one JSON object is refused with an {@link ApiError}.
 */
final class JsonBody {

    static final int MAX_BYTES = 16 * 1024;
    /** How long the whole body may take to arrive where that is bounded (the leak endpoint). */
    static final int DEADLINE_SECONDS = 10;

    private JsonBody() {
    }

    /** The request's JSON object, or the refusal to answer with. */
    static JsonNode read(HttpServletRequest request) throws IOException {
        requireJson(request);
        // a chunked body has no length up front: read one byte past the cap to notice one that is too long
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw ApiError.BODY_TOO_LARGE.refused();
        }
        return parse(body);
    }

    /**
     * Like {@link #read}, but refused with {@link ApiError#REQUEST_TIMEOUT} once the body has
     * taken longer than {@code deadline}. The deadline is checked whenever bytes arrive; a
     * client that sends nothing at all is left to the container's idle timeout.
     */
    static JsonNode readWithin(HttpServletRequest request, Duration deadline) throws IOException {
        requireJson(request);
        long end = System.nanoTime() + deadline.toNanos();
        InputStream in = request.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            body.write(buffer, 0, read);
            if (body.size() > MAX_BYTES) {
                throw ApiError.BODY_TOO_LARGE.refused();
            }
            if (System.nanoTime() - end > 0) {
                throw ApiError.REQUEST_TIMEOUT.refused();
            }
        }
        return parse(body.toByteArray());
    }

    /** Refuses, before a byte of the body is read, a body that is not JSON or says it is too long. */
    static void requireJson(HttpServletRequest request) {
        if (!isJson(request.getContentType())) {
            throw ApiError.NOT_JSON.refused();
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw ApiError.BODY_TOO_LARGE.refused();
        }
    }

    /** A body already within the cap, as a JSON object. */
    static JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = TokenJson.MAPPER.readTree(body);
        } catch (IOException malformed) {
            // Jackson's parse errors are IOExceptions; a byte array cannot fail to be read otherwise
            throw ApiError.MALFORMED_JSON.refused();
        }
        if (root == null || !root.isObject()) {
            throw ApiError.UNEXPECTED_JSON.refused();
        }
        return root;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.trim().equalsIgnoreCase("application/json");
    }
}
