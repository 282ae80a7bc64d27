package dev.patauth;

/** A setting is missing or wrong; the message names the key and what it accepts. */
public final class PatAuthConfigException extends RuntimeException {

    PatAuthConfigException(String message) {
        super(message);
    }

    PatAuthConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
