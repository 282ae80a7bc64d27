package dev.patauth.servlet;

import dev.patauth.AuthResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The filter's refusals, as RFC 6750 section 3 describes them: status, {@code WWW-Authenticate}
 * challenge or {@code Retry-After}, {@code Cache-Control: no-store} and a small JSON body. The
 * one place the filter's error answers are built. Every description is a fixed sentence;
 * nothing the client sent is ever echoed back.
 */
final class BearerErrors {

    enum Refusal {
        MISSING(401, null, "This resource needs a personal access token: send Authorization: Bearer pat_..."),
        MULTIPLE_HEADERS(400, "invalid_request", "Found more than one Authorization header"),
        MALFORMED_HEADER(400, "invalid_request", "The Bearer credentials are not a valid b64token"),
        MALFORMED_TOKEN(401, "invalid_token", "The token is not a well-formed patauth token: its length, characters or checksum are wrong"),
        INVALID_TOKEN(401, "invalid_token", "The token is unknown, revoked or expired"),
        INSUFFICIENT_SCOPE(403, "insufficient_scope", "The token lacks the scope this resource requires"),
        UNAVAILABLE(503, null, "The token store cannot be reached right now; retry shortly"),
        SERVER_ERROR(500, null, "The token could not be checked because of an error on the server; its log says more"),
        THROTTLED(429, null, "Too many refused tokens from this address; retry after the time in Retry-After");

        final int status;
        final String error;
        final String description;
        final byte[] body;

        Refusal(int status, String error, String description) {
            this.status = status;
            this.error = error;
            this.description = description;
            // descriptions are constants without quotes or backslashes, so this is valid JSON:
            // the filter module has no JSON library, and BearerErrorsTest parses every body
            this.body = ((error == null ? "{" : "{\"error\":\"" + error + "\",")
                    + "\"error_description\":\"" + description + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        /** Whether the answer tells the client when to try again, with {@code Retry-After}. */
        boolean waits() {
            return this == UNAVAILABLE || this == THROTTLED;
        }
    }

    private final String challengePrefix;
    private final String requiredScope;

    /**
     * @param realm         the challenge's realm, already checked to hold no quote or backslash
     * @param requiredScope the scope a 403 names (a declared scope's name, which holds neither), or null
     */
    BearerErrors(String realm, String requiredScope) {
        this.challengePrefix = "Bearer realm=\"" + realm + "\"";
        this.requiredScope = requiredScope;
    }

    /** Sends a refusal that has no Retry-After (every one but THROTTLED and UNAVAILABLE). */
    void send(HttpServletResponse response, Refusal refusal) throws IOException {
        if (refusal.waits()) {
            throw new IllegalArgumentException(refusal + " is sent with its Retry-After");
        }
        write(response, refusal, null, requiredScope);
    }

    /** Sends 403 {@code insufficient_scope} naming {@code scope} (declared scope names joined by spaces), or none. */
    void sendInsufficientScope(HttpServletResponse response, String scope) throws IOException {
        write(response, Refusal.INSUFFICIENT_SCOPE, null, scope);
    }

    /**
     * Answers a token that did not authenticate: 401 for {@link AuthResult.Refused}, 429 for
     * {@link AuthResult.Throttled} and 503 for {@link AuthResult.Unavailable}, both with their wait.
     */
    void refuse(HttpServletResponse response, AuthResult result) throws IOException {
        if (result instanceof AuthResult.Refused refused) {
            send(response, refused.reason() == AuthResult.Refused.Reason.MALFORMED
                    ? Refusal.MALFORMED_TOKEN : Refusal.INVALID_TOKEN);
        } else if (result instanceof AuthResult.Throttled throttled) {
            send(response, Refusal.THROTTLED, throttled.retryAfter());
        } else if (result instanceof AuthResult.Unavailable unavailable) {
            send(response, Refusal.UNAVAILABLE, unavailable.retryAfter());
        } else {
            throw new IllegalArgumentException("an authenticated token is not refused");
        }
    }

    /** Sends THROTTLED or UNAVAILABLE, telling the client to wait {@code retryAfter}. */
    void send(HttpServletResponse response, Refusal refusal, Duration retryAfter) throws IOException {
        if (!refusal.waits()) {
            throw new IllegalArgumentException(refusal + " has no Retry-After");
        }
        write(response, refusal, Long.toString(retryAfterSeconds(retryAfter)), null);
    }

    /**
     * Retry-After in whole seconds, rounded up so that a client that waits exactly that long
     * is not refused again, and at least one.
     */
    static long retryAfterSeconds(Duration retryAfter) {
        return Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0));
    }

    private void write(HttpServletResponse response, Refusal refusal, String retryAfter, String scope) throws IOException {
        response.setStatus(refusal.status);
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
        } else if (refusal != Refusal.SERVER_ERROR) {
            String challenge = refusal.error == null ? challengePrefix
                    : challengePrefix + ", error=\"" + refusal.error + "\", error_description=\"" + refusal.description + "\"";
            // RFC 6750 3.1: a 403 for insufficient_scope may say which scope the resource requires
            response.setHeader("WWW-Authenticate", refusal == Refusal.INSUFFICIENT_SCOPE && scope != null
                    ? challenge + ", scope=\"" + scope + "\"" : challenge);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(refusal.body.length);
        response.getOutputStream().write(refusal.body);
    }
}
