package dev.patauth;

/** Thrown by create when the name is empty, too long or contains control characters. */
public final class InvalidTokenNameException extends IllegalArgumentException {

    InvalidTokenNameException(String message) {
        super(message);
    }
}
