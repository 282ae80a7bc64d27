package dev.patauth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * A request body that must be one small JSON object. Reading it stays cheap whatever is sent:
 * the content type is checked first, the body is capped before it is parsed, and anything but
 * one JSON object is refused with an {@link ApiError}.
 */
final class JsonBody {

    static final int MAX_BYTES = 16 * 1024;

    private JsonBody() {
    }

    /** The request's JSON object, or the refusal to answer with. */
    static JsonNode read(HttpServletRequest request) throws IOException {
        if (!isJson(request.getContentType())) {
            throw ApiError.NOT_JSON.refused();
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw ApiError.BODY_TOO_LARGE.refused();
        }
        // a chunked body has no length up front: read one byte past the cap to notice one that is too long
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw ApiError.BODY_TOO_LARGE.refused();
        }
        return parse(body);
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
