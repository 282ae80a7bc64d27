package dev.patauth;

/**
 * Thrown by create when the name is empty or invisible, longer than 100 code points, or holds
 * control characters, bidirectional controls or an unpaired surrogate. The message is a sentence
 * for the person who typed the name.
 */
public final class InvalidTokenNameException extends PatAuthException {

    private static final long serialVersionUID = 1L;


    InvalidTokenNameException(String message) {
        super(message);
    }
}
