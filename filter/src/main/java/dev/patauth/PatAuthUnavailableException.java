package dev.patauth;

/**
 * The token database could not be reached, so patauth cannot say whether a token is valid.
 * The filter answers 503 with {@code Retry-After}, never 401: the client's token may be fine.
 */
public final class PatAuthUnavailableException extends RuntimeException {

    PatAuthUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
