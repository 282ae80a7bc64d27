package dev.patauth.store;

import java.util.Objects;

/** A token the store has just revoked (or cut short), with the hash every node drops from its cache. */
public record Revoked(StoredToken token, TokenHash hash) {

    public Revoked {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(hash, "hash");
    }
}
