package dev.patauth;

import java.util.Objects;

/**
 * A token just created: the only object that ever holds its plaintext. Show {@link #token()}
 * to its owner once and drop it; {@link #toString()} leaves it out. Only patauth makes one.
 */
public final class CreatedToken {

    private final TokenInfo info;
    private final String token;

    CreatedToken(TokenInfo info, String token) {
        this.info = Objects.requireNonNull(info, "info");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** What may be shown about the token later too. */
    public TokenInfo info() {
        return info;
    }

    /** The token itself, {@code pat_…}: show it to its owner this once. */
    public String token() {
        return token;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CreatedToken that && info.equals(that.info) && token.equals(that.token);
    }

    @Override
    public int hashCode() {
        return info.hashCode();
    }

    @Override
    public String toString() {
        return "CreatedToken[info=" + info + ", token=(shown once to its owner)]";
    }
}
