package dev.patauth.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One page of the administrators' list, as the store runs it: the filters, the order that the
 * narrowest filter chooses (so that an index answers it), and where the page starts.
 *
 * @param order       which index the page is read along
 * @param afterValue  the order's value of the last row of the previous page, with {@code afterId}
 * @param afterId     the id of that row; both empty for the first page
 */
public record Listing(Optional<String> userId, Optional<Instant> unusedSince, Optional<Instant> expiringBy,
                      Optional<String> scope, Order order, Optional<Instant> afterValue, Optional<UUID> afterId,
                      int limit) {

    /** The orders, each along an index of its own. */
    public enum Order {
        /** Newest first: {@code created_at DESC, id DESC}. */
        NEWEST,
        /** Unused longest first: {@code COALESCE(last_used_at, created_at), id}. */
        UNUSED,
        /** Expiring soonest first: {@code expires_at, id}. */
        EXPIRING
    }

    public Listing {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(unusedSince, "unusedSince");
        Objects.requireNonNull(expiringBy, "expiringBy");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(afterValue, "afterValue");
        Objects.requireNonNull(afterId, "afterId");
    }
}
