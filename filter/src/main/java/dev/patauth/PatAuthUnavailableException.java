package dev.patauth;

import java.time.Duration;

/**
 * The token database could not be reached, so patauth cannot say whether a token is valid.
 * The filter answers 503 with {@code Retry-After}, never 401: the client's token may be fine.
 */
public final class PatAuthUnavailableException extends PatAuthException {

    /** How long clients are told to wait (Retry-After) while the database cannot be reached. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final long serialVersionUID = 1L;

    /**
     * @param message what patauth could not do, naming token ids and users but never a token
     * @param cause   the database's failure
     */
    public PatAuthUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** How long the client should wait before it tries again: {@link #RETRY_AFTER}. */
    public Duration retryAfter() {
        return RETRY_AFTER;
    }
}
