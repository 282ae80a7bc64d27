package dev.patauth;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link PatAuth#authenticate(String, String)} found for a presented token: exactly one
 * of four outcomes, so that every integration (the servlet filter, Spring Security, a JAX-RS
 * filter) answers them alike. None of them is an exception.
 *
 * <pre>{@code
 * AuthResult result = patAuth.authenticate(token, request.getRemoteAddr());
 * if (result instanceof AuthResult.Authenticated ok) {
 *     // the request is ok.principal()'s
 * } else if (result instanceof AuthResult.Throttled throttled) {
 *     // 429 with Retry-After: throttled.retryAfter()
 * } else if (result instanceof AuthResult.Unavailable unavailable) {
 *     // 503 with Retry-After: unavailable.retryAfter()
 * } else {
 *     // AuthResult.Refused: 401, error="invalid_token"
 * }
 * }</pre>
 */
public sealed interface AuthResult
        permits AuthResult.Authenticated, AuthResult.Refused, AuthResult.Throttled, AuthResult.Unavailable {

    /** The token is valid: the request is its owner's. */
    record Authenticated(TokenPrincipal principal) implements AuthResult {
        /** @throws NullPointerException when {@code principal} is null */
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** The token does not authenticate anyone; the refusal counts against the client's address. */
    record Refused(Reason reason) implements AuthResult {
        /** @throws NullPointerException when {@code reason} is null */
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        /** Why a token was refused. Both are answered alike (RFC 6750 {@code invalid_token}). */
        public enum Reason {
            /** Not a patauth token: wrong length, characters or checksum. Known without any I/O. */
            MALFORMED,
            /** Well-formed, but unknown, revoked or expired, or its owner no longer resolves. */
            INVALID
        }
    }

    /** The client's address has had too many tokens refused lately; nothing was checked. */
    record Throttled(Duration retryAfter) implements AuthResult {
        /** @throws NullPointerException when {@code retryAfter} is null */
        public Throttled {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** The answer needs the database, which cannot be reached now; never a refusal. */
    record Unavailable(Duration retryAfter) implements AuthResult {
        /** @throws NullPointerException when {@code retryAfter} is null */
        public Unavailable {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
