package dev.patauth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patauth.ExpiryPolicy;
import dev.patauth.NewToken;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST api/tokens}: {@code {"name":"CI pipeline","scopes":["read"],"expiresInDays":30}}.
 * {@code scopes} absent: the app's default scopes. {@code expiresInDays} absent: the app's
 * default expiry; {@code null}: no expiry; otherwise whole days, from 1 to the policy's maximum.
 * Fields it does not know are ignored, so older servers accept newer clients.
 *
 * @param validity as {@link NewToken}: empty for the policy's default, a present empty for no expiry
 */
record NewTokenRequest(String name, Optional<Set<String>> scopes, Optional<Optional<Duration>> validity) {

    static final int MIN_DAYS = 1;

    /**
     * Checks the body's fields against their types and the whole days the policy allows. A
     * missing name, and whether the scopes exist, are left to the engine, which says what it needs.
     */
    static NewTokenRequest of(JsonNode body, ExpiryPolicy policy) {
        return new NewTokenRequest(name(body.get("name")), scopes(body.get("scopes")),
                validity(body.get("expiresInDays"), policy));
    }

    /** What to ask the engine for. */
    NewToken toNewToken() {
        NewToken request = NewToken.named(name);
        if (scopes.isPresent()) {
            request = request.scopes(scopes.get());
        }
        if (validity.isPresent()) {
            request = validity.get().map(request::validFor).orElseGet(request::noExpiry);
        }
        return request;
    }

    /** The most days {@code expiresInDays} may say: the policy's maximum in whole days. */
    static long maxDays(ExpiryPolicy policy) {
        return policy.max().toDays();
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

    private static Optional<Set<String>> scopes(JsonNode scopes) {
        if (scopes == null) {
            return Optional.empty();
        }
        // an explicit null is refused rather than read as "the defaults": for expiresInDays null means something else
        if (!scopes.isArray()) {
            throw ApiError.UNEXPECTED_SCOPES.refused();
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode scope : scopes) {
            if (!scope.isTextual()) {
                throw ApiError.UNEXPECTED_SCOPES.refused();
            }
            names.add(scope.textValue());
        }
        return Optional.of(names);
    }

    private static Optional<Optional<Duration>> validity(JsonNode days, ExpiryPolicy policy) {
        if (days == null) {
            return Optional.empty();
        }
        if (days.isNull()) {
            // the engine refuses it when tokens must expire, with its own sentence
            return Optional.of(Optional.empty());
        }
        long maxDays = maxDays(policy);
        if (!days.isIntegralNumber() || !days.canConvertToLong()
                || days.longValue() < MIN_DAYS || days.longValue() > maxDays) {
            throw ApiError.invalidExpiry(expirySentence(policy)).refused();
        }
        return Optional.of(Optional.of(Duration.ofDays(days.longValue())));
    }

    /** What {@code expiresInDays} may be under this policy. */
    static String expirySentence(ExpiryPolicy policy) {
        long maxDays = maxDays(policy);
        if (maxDays < MIN_DAYS) {
            return "Tokens here live less than a day: leave out \"expiresInDays\" for the default lifetime.";
        }
        String range = "\"expiresInDays\" must be a whole number of days from " + MIN_DAYS + " to " + maxDays;
        return policy.required()
                ? range + "; tokens must expire here."
                : range + ", or null for a token that does not expire.";
    }
}
