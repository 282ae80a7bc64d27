package dev.patauth.spring.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The configurer's refusals, as RFC 6750 section 3 describes them and as the servlet filter
 * answers them: status, {@code WWW-Authenticate} challenge or {@code Retry-After},
 * {@code Cache-Control: no-store} and a small JSON body. Every description is a fixed sentence;
 * nothing the client sent is ever echoed back.
 */
final class BearerRefusals {

    enum Refusal {
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
            // constants without quotes or backslashes, so this is valid JSON, as the servlet filter writes it
            this.body = ((error == null ? "{" : "{\"error\":\"" + error + "\",")
                    + "\"error_description\":\"" + description + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    private final String challengePrefix;

    /** @param realm the challenge's realm, already checked to hold no quote or backslash */
    BearerRefusals(String realm) {
        this.challengePrefix = "Bearer realm=\"" + realm + "\"";
    }

    /**
     * Sends a refusal.
     *
     * @param retryAfter for THROTTLED and UNAVAILABLE, how long the client should wait; else null
     * @param scope      for INSUFFICIENT_SCOPE, the scopes the resource requires (declared scope
     *                   names, which hold no quote), or null when unknown
     */
    void send(HttpServletResponse response, Refusal refusal, Duration retryAfter, String scope) throws IOException {
        response.setStatus(refusal.status);
        if (retryAfter != null) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0))));
        } else if (refusal != Refusal.SERVER_ERROR) {
            String challenge = refusal.error == null ? challengePrefix
                    : challengePrefix + ", error=\"" + refusal.error + "\", error_description=\"" + refusal.description + "\"";
            response.setHeader("WWW-Authenticate", scope != null ? challenge + ", scope=\"" + scope + "\"" : challenge);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(refusal.body.length);
        response.getOutputStream().write(refusal.body);
    }
}
