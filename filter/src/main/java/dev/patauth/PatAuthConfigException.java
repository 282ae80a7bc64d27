package dev.patauth;

/**
 * A setting is missing or wrong. The message names the setting as the caller wrote it: the
 * {@link PatAuth.Builder} method for Java callers, the {@code patauth.*} key for context-params,
 * followed by what it accepts. A builder method throws it at once for a value it does not
 * accept.
 */
public final class PatAuthConfigException extends PatAuthException {

    private static final long serialVersionUID = 1L;

    /** @param message one sentence that names the setting, its wrong value and what it may be */
    public PatAuthConfigException(String message) {
        super(message);
    }

    /**
     * @param message as {@link #PatAuthConfigException(String)}
     * @param cause   what went wrong underneath, such as the database refusing a connection
     */
    public PatAuthConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
