package dev.patauth;

import java.util.Objects;

/**
 * A token just created: the only object that ever holds its plaintext. Show {@link #token()}
 * to its owner once and drop it; {@link #toString()} leaves it out.
 */
public record CreatedToken(TokenInfo info, String token) {

    public CreatedToken {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "CreatedToken[info=" + info + ", token=(shown once to its owner)]";
    }
}
