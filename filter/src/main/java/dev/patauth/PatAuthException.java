package dev.patauth;

/**
 * What patauth throws, whatever went wrong: an integration may catch this one type. The
 * subclasses tell the cases apart: a setting ({@link PatAuthConfigException}), a token name
 * ({@link InvalidTokenNameException}), the per-user limit ({@link TokenLimitReachedException}),
 * a throttle ({@link ThrottledException}), a database that cannot be reached
 * ({@link PatAuthUnavailableException}) or that refused a statement
 * ({@link PatAuthStoreException}). No message ever holds a token or its hash.
 */
public abstract class PatAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PatAuthException(String message) {
        super(message);
    }

    PatAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
