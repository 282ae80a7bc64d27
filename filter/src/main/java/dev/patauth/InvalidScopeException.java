package dev.patauth;

/**
 * Thrown by create when the scopes asked for are empty or name a scope the app does not
 * declare. The message is a sentence for the person who chose them, naming the scopes there are.
 */
public final class InvalidScopeException extends PatAuthException {

    private static final long serialVersionUID = 1L;

    InvalidScopeException(String message) {
        super(message);
    }
}
