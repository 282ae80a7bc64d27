package dev.patauth;

/**
 * Thrown by create when the lifetime asked for breaks the expiry policy: not positive, longer
 * than {@code patauth.expiry.max}, or none while {@code patauth.expiry.required} is true. The
 * message is a sentence for the person who chose it.
 */
public final class InvalidExpiryException extends PatAuthException {

    private static final long serialVersionUID = 1L;

    InvalidExpiryException(String message) {
        super(message);
    }
}
