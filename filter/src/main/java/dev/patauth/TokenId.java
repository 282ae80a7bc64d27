package dev.patauth;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The public id of a token: safe to show, log and put in URLs, unlike the token itself. */
public record TokenId(UUID value) {

    /** @throws NullPointerException when {@code value} is null */
    public TokenId {
        Objects.requireNonNull(value, "value");
    }

    static TokenId random() {
        return new TokenId(UUID.randomUUID());
    }

    /** The id written as {@code text}, or empty when the text is not a UUID. */
    public static Optional<TokenId> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TokenId(UUID.fromString(text)));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
