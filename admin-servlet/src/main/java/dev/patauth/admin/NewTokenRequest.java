package dev.patauth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST api/tokens}: {@code {"name":"CI pipeline","expiresInDays":30}}, the
 * expiry optional. Reading it stays cheap whatever is sent: the body is capped before it is
 * parsed, and anything but one small JSON object is refused with an {@link ApiError}.
 */
record NewTokenRequest(String name, Optional<Duration> validFor) {

    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MIN_DAYS = 1;
    static final int MAX_DAYS = 365;

    private static final Set<String> FIELDS = Set.of("name", "expiresInDays");

    /** Reads and checks the request's body, or throws the refusal to answer with. */
    static NewTokenRequest read(HttpServletRequest request, ObjectMapper json) throws IOException {
        if (!isJson(request.getContentType())) {
            throw ApiError.NOT_JSON.refused();
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw ApiError.BODY_TOO_LARGE.refused();
        }
        // a chunked body has no length up front: read one byte past the cap to notice one that is too long
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw ApiError.BODY_TOO_LARGE.refused();
        }
        return parse(body, json);
    }

    /** Checks a body that is already within the cap. A missing name is left to the engine, which says what it needs. */
    static NewTokenRequest parse(byte[] body, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException malformed) {
            // Jackson's parse errors are IOExceptions; a byte array cannot fail to be read otherwise
            throw ApiError.MALFORMED_JSON.refused();
        }
        if (root == null || !root.isObject()) {
            throw ApiError.UNEXPECTED_JSON.refused();
        }
        for (Iterator<String> fields = root.fieldNames(); fields.hasNext(); ) {
            if (!FIELDS.contains(fields.next())) {
                throw ApiError.UNEXPECTED_JSON.refused();
            }
        }
        return new NewTokenRequest(name(root.get("name")), validFor(root.get("expiresInDays")));
    }

    private static String name(JsonNode name) {
        if (name == null || name.isNull()) {
            return "";
        }
        if (!name.isTextual()) {
            throw ApiError.UNEXPECTED_JSON.refused();
        }
        return name.textValue();
    }

    private static Optional<Duration> validFor(JsonNode days) {
        if (days == null || days.isNull()) {
            return Optional.empty();
        }
        if (!days.isIntegralNumber() || !days.canConvertToInt()
                || days.intValue() < MIN_DAYS || days.intValue() > MAX_DAYS) {
            throw ApiError.INVALID_EXPIRY.refused();
        }
        return Optional.of(Duration.ofDays(days.intValue()));
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
