package dev.patauth;

/** Thrown by create when the user already has the maximum number of active tokens. */
public final class TokenLimitReachedException extends PatAuthException {

    private static final long serialVersionUID = 1L;


    private final int limit;

    TokenLimitReachedException(int limit) {
        super("You already have " + limit + " active tokens, the most allowed. "
                + "Revoke a token you no longer need, then create the new one.");
        this.limit = limit;
    }

    /** The most active tokens one user may have ({@code patauth.max-tokens-per-user}). */
    public int limit() {
        return limit;
    }
}
