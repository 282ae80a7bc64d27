package dev.patauth;

import java.util.Optional;

/** What the cache holds for one token hash: the active token, or the fact that none exists. */
record Lookup(Optional<StoredToken> token) {

    private static final Lookup UNKNOWN = new Lookup(Optional.empty());

    static Lookup unknown() {
        return UNKNOWN;
    }

    static Lookup of(StoredToken token) {
        return new Lookup(Optional.of(token));
    }

    boolean isKnown() {
        return token.isPresent();
    }
}
