package dev.patauth;

/**
 * The token database answered, but refused the statement: a data, constraint or schema error
 * (a value too long for its column, a missing table, a broken {@code patauth.roles-query}).
 * Retrying will not help, so it is not an outage: the admin servlet and the filter answer 500,
 * not 503, and log it for whoever runs the app. The message names the token id and the user,
 * never a token.
 */
public final class PatAuthStoreException extends PatAuthException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what patauth could not do, naming token ids and users but never a token
     * @param cause   the database's refusal
     */
    public PatAuthStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
