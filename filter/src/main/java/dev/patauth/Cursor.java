package dev.patauth;

import dev.patauth.store.Listing;
import dev.patauth.store.StoredToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where the next page of an administrator's list starts: the order, and the order's value and id
 * of the last row handed out. Opaque to clients (base64url); a cursor of another order (other
 * filters) or that is not one of ours is refused.
 */
record Cursor(Listing.Order order, Instant value, UUID id) {

    private static final String VERSION = "1";

    /** The cursor after {@code last}, a row of a page in {@code order}. */
    static Cursor of(Listing.Order order, StoredToken last) {
        Instant value = switch (order) {
            case NEWEST -> last.createdAt();
            case UNUSED -> last.lastUsedAt().orElse(last.createdAt());
            case EXPIRING -> last.expiresAt().orElseThrow();
        };
        return new Cursor(order, value, last.id().value());
    }

    String text() {
        String plain = VERSION + "|" + order.name() + "|" + value + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The cursor written as {@code text}, for a list in {@code order}.
     *
     * @throws IllegalArgumentException when it is not a cursor this list handed out for that order
     */
    static Cursor parse(String text, Listing.Order order) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\|", -1);
            if (parts.length == 4 && parts[0].equals(VERSION) && parts[1].equals(order.name())) {
                return new Cursor(order, Instant.parse(parts[2]), UUID.fromString(parts[3]));
            }
        } catch (IllegalArgumentException | DateTimeParseException notOurs) {
            // answered below, without echoing what the client sent
        }
        throw new IllegalArgumentException("The cursor is not one this list handed out for these filters;"
                + " start again without it.");
    }
}
