package dev.patauth;

/** A token row as the store returns it: its owner and what may be shown about it. */
record StoredToken(String userId, TokenInfo info) {
}
