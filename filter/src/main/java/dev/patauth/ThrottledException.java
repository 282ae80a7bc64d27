package dev.patauth;

import java.time.Duration;

/** This client address presented too many refused tokens in the last minute; it may retry later. */
public final class ThrottledException extends RuntimeException {

    private final Duration retryAfter;

    ThrottledException(Duration retryAfter) {
        super("Too many refused tokens from this address; retry in " + Math.max(1, retryAfter.toSeconds()) + " seconds.");
        this.retryAfter = retryAfter;
    }

    /** How long the client should wait, at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
