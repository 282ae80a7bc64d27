package dev.patauth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * The body of {@code POST api/tokens}: {@code {"name":"CI pipeline","expiresInDays":30}}, the
 * expiry optional. Fields it does not know are ignored, so older servers accept newer clients.
 */
record NewTokenRequest(String name, Optional<Duration> validFor) {

    static final int MIN_DAYS = 1;
    static final int MAX_DAYS = 365;

    /** Checks the body's fields. A missing name is left to the engine, which says what it needs. */
    static NewTokenRequest of(JsonNode body) {
        return new NewTokenRequest(name(body.get("name")), validFor(body.get("expiresInDays")));
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
}
