package dev.patauth;

import java.time.Duration;

/**
 * A client address, or all clients together, sent more than patauth takes in a while: too
 * many refused tokens, or too many reported ones. It may retry later.
 */
public final class ThrottledException extends PatAuthException {

    private static final long serialVersionUID = 1L;


    private final Duration retryAfter;

    ThrottledException(String what, Duration retryAfter) {
        super(what + "; retry in " + Math.max(1, retryAfter.toSeconds()) + " seconds.");
        this.retryAfter = retryAfter;
    }

    /** How long the client should wait, at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
