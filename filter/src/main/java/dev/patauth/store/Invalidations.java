package dev.patauth.store;

/** What a node drops from its caches when another node tells it something changed. */
public interface Invalidations {

    /** A token was revoked. */
    void token(TokenHash hash);

    /** A user's account changed: roles, or disabled. */
    void user(String userId);

    /** News may have been missed: forget everything. */
    void all();
}
