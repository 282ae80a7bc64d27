package dev.patauth.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One refusal of the token API: its HTTP status, a stable code for programs, a sentence a
 * person can act on, and for 429 and 503 how long to wait ({@code Retry-After}). No sentence
 * repeats what the client sent. The servlet writes every one alike, with Jackson
 * ({@code TokenJson.ErrorBody}).
 */
record ApiError(int status, String code, String message, Optional<Duration> retryAfter) {

    ApiError {
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    ApiError(int status, String code, String message) {
        this(status, code, message, Optional.empty());
    }

    static final ApiError UNAUTHENTICATED = new ApiError(401, "unauthenticated",
            "Sign in to manage your access tokens.");
    static final ApiError MISSING_REQUESTED_WITH = new ApiError(403, "forbidden",
            "A request that changes your tokens must carry the X-Requested-With header, which pages of other sites"
                    + " cannot send.");
    static final ApiError CREATE_WITH_TOKEN = new ApiError(403, "forbidden",
            "An access token cannot create more access tokens. Sign in to create one.");
    static final ApiError TOKEN_NOT_FOUND = new ApiError(404, "not_found",
            "You have no active token with this id. It may have been revoked or have expired already.");
    static final ApiError NO_SUCH_RESOURCE = new ApiError(404, "not_found",
            "There is no such resource. The token API is api/tokens, api/tokens/{id} and api/tokens/{id}/rotate.");
    static final ApiError ADMIN_OFF = new ApiError(403, "forbidden",
            "Nobody administers tokens here: the site has named no administrators' role (patauth.admin.role).");
    static final ApiError NOT_ADMIN = new ApiError(403, "forbidden",
            "Only administrators may see and revoke other people's tokens.");
    static final ApiError ADMIN_WITH_TOKEN = new ApiError(403, "forbidden",
            "An access token cannot administer tokens, not even an administrator's: a leaked one must not revoke"
                    + " everyone's. Sign in to do it.");
    static final ApiError ADMIN_TOKEN_NOT_FOUND = new ApiError(404, "not_found",
            "There is no active token with this id. It may have been revoked or have expired already.");
    static final ApiError NO_SUCH_ADMIN_RESOURCE = new ApiError(404, "not_found",
            "There is no such resource. The administration API is api/admin/tokens, api/admin/tokens/{id} and"
                    + " api/admin/users/{user}/revoke-all.");
    static final ApiError INVALID_USER = new ApiError(400, "invalid_request",
            "A user name has 1 to " + AdminTokenQuery.MAX_USER_LENGTH + " characters.");
    static final ApiError METHOD_NOT_ALLOWED = new ApiError(405, "method_not_allowed",
            "This resource does not support this method; see the Allow header.");
    static final ApiError MALFORMED_JSON = new ApiError(400, "invalid_json",
            "The request body is not valid JSON. Send an object such as {\"name\":\"CI pipeline\",\"expiresInDays\":30}.");
    static final ApiError UNEXPECTED_JSON = new ApiError(400, "invalid_json",
            "Send a JSON object with a text \"name\" and, optionally, a list of \"scopes\" and a whole number"
                    + " \"expiresInDays\", such as {\"name\":\"CI pipeline\",\"scopes\":[\"read\"],\"expiresInDays\":30}.");
    static final ApiError UNEXPECTED_SCOPES = new ApiError(400, "invalid_scope",
            "\"scopes\" must be a list of scope names, such as [\"read\"], or left out for the default scopes.");
    static final ApiError ROTATE_WITH_TOKEN = new ApiError(403, "forbidden",
            "An access token can rotate only itself, as api/tokens/current/rotate: rotating another token would"
                    + " create one. Sign in to rotate your other tokens.");
    static final ApiError CURRENT_WITHOUT_TOKEN = new ApiError(400, "invalid_request",
            "\"current\" means the access token that authenticates this request, and this request was not"
                    + " authenticated by one. Send it with Authorization: Bearer, or rotate a token by its id.");
    static final ApiError UNEXPECTED_LEAK_REPORT = new ApiError(400, "invalid_json",
            "Send a JSON object whose \"tokens\" is a list of the tokens you found, such as {\"tokens\":[\"pat_...\"]}.");
    static final ApiError TOO_MANY_LEAKED = new ApiError(400, "too_many_tokens",
            "Report at most " + LeakReport.MAX_TOKENS + " tokens in one request; send the rest in another.");
    static final ApiError BODY_TOO_LARGE = new ApiError(413, "request_too_large",
            "A request body may hold at most " + JsonBody.MAX_BYTES / 1024 + " KiB.");
    static final ApiError NOT_JSON = new ApiError(415, "unsupported_media_type",
            "Send the request body as JSON, with Content-Type: application/json.");
    static final ApiError REQUEST_TIMEOUT = new ApiError(408, "request_timeout",
            "The request body did not arrive within " + JsonBody.DEADLINE_SECONDS
                    + " seconds. Send it again, all at once.");
    static final ApiError THROTTLED = new ApiError(429, "too_many_requests",
            "Too many tokens were reported lately; send yours again after the time in Retry-After.");
    static final ApiError UNAVAILABLE = new ApiError(503, "unavailable",
            "The token database cannot be reached right now. Try again in a moment.");
    static final ApiError INTERNAL = new ApiError(500, "internal_error",
            "Something went wrong on the server. Try again; if it keeps happening, tell the site's administrators.");

    /** A parameter of the request is missing, repeated or malformed; the sentence names it. */
    static ApiError invalidRequest(String sentence) {
        return new ApiError(400, "invalid_request", sentence);
    }

    /** The engine refused the name; its exception carries the sentence. */
    static ApiError invalidName(String sentence) {
        return new ApiError(400, "invalid_name", sentence);
    }

    /** The engine refused the scopes; its exception names the ones there are. */
    static ApiError invalidScope(String sentence) {
        return new ApiError(400, "invalid_scope", sentence);
    }

    /** The lifetime is not one the policy allows; the sentence says which are. */
    static ApiError invalidExpiry(String sentence) {
        return new ApiError(400, "invalid_expiry", sentence);
    }

    /** The owner is at the limit; the engine's sentence tells them to revoke a token first. */
    static ApiError limitReached(String sentence) {
        return new ApiError(409, "token_limit_reached", sentence);
    }

    /** This error, telling the client to try again after {@code wait}. */
    ApiError retryAfter(Duration wait) {
        return new ApiError(status, code, message, Optional.of(wait));
    }

    /**
     * The {@code Retry-After} value: whole seconds, rounded up so that a client that waits
     * exactly that long is not refused again, and at least one. Empty for an error without it.
     */
    Optional<String> retryAfterHeader() {
        return retryAfter.map(wait -> Long.toString(Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0))));
    }

    /** This error as an exception, for leaving a handler early. */
    Refused refused() {
        return new Refused(this);
    }

    /** Carries an {@link ApiError} out of a handler; the servlet writes it as the response. */
    static final class Refused extends RuntimeException {

        private final ApiError error;

        private Refused(ApiError error) {
            super(error.code(), null, false, false);
            this.error = error;
        }

        ApiError error() {
            return error;
        }
    }
}
