package dev.patauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a whole token, the only form in which a token is stored or used as a cache key.
 * Its {@code toString} never shows the bytes, so a hash cannot leak into a log by accident.
 */
final class TokenHash {

    private final byte[] digest;
    private final int hashCode;

    private TokenHash(byte[] digest) {
        this.digest = digest;
        // the digest is uniformly random already: its first four bytes make a good hash code
        this.hashCode = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
    }

    // one digest per thread: getInstance per call looks up the provider and allocates every time
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenHash::sha256);

    static TokenHash of(String token) {
        return of(token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The hash of a token given as its ASCII bytes. */
    static TokenHash of(byte[] ascii) {
        return new TokenHash(SHA256.get().digest(ascii));
    }

    static TokenHash fromBytes(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a token hash is 32 bytes, got " + digest.length);
        }
        return new TokenHash(digest.clone());
    }

    byte[] bytes() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenHash that && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return "TokenHash[redacted]";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
