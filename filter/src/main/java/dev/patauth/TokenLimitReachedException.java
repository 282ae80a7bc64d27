package dev.patauth;

/** Thrown by create when the user already has the maximum number of active tokens. */
public final class TokenLimitReachedException extends RuntimeException {

    private final int limit;

    TokenLimitReachedException(int limit) {
        super("You already have " + limit + " active tokens, the most allowed. "
                + "Revoke a token you no longer need, then create the new one.");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
