package dev.patauth;

/** Why a token stopped working before its time: the {@code reason} of a revocation event. */
public enum RevocationReason {
    /** Its owner revoked it. */
    OWNER,
    /** An administrator revoked it. */
    ADMIN,
    /** Somebody reported it as leaked (the admin servlet's {@code api/revoke-leaked}). */
    LEAK_REPORT,
    /** It was not used for {@code patauth.inactive.revoke-after}. */
    INACTIVITY,
    /** It was rotated, and the new token replaced it at once. */
    ROTATION
}
