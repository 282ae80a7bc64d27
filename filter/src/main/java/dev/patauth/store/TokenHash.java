package dev.patauth.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a whole token, the only form in which a token is stored or used as a cache key.
 * Its {@code toString} never shows the bytes, so a hash cannot leak into a log by accident.
 * The 32 bytes are held as four longs, so comparing two hashes reads no second object.
 */
public final class TokenHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    // one digest per thread: getInstance per call looks up the provider and allocates every time
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenHash::sha256);

    private final long first;
    private final long second;
    private final long third;
    private final long fourth;

    private TokenHash(byte[] digest) {
        this.first = (long) LONGS.get(digest, 0);
        this.second = (long) LONGS.get(digest, 8);
        this.third = (long) LONGS.get(digest, 16);
        this.fourth = (long) LONGS.get(digest, 24);
    }

    public static TokenHash of(String token) {
        return of(token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The hash of a token given as its ASCII bytes. */
    public static TokenHash of(byte[] ascii) {
        return new TokenHash(SHA256.get().digest(ascii));
    }

    public static TokenHash fromBytes(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a token hash is 32 bytes, got " + digest.length);
        }
        return new TokenHash(digest);
    }

    public byte[] bytes() {
        byte[] digest = new byte[32];
        LONGS.set(digest, 0, first);
        LONGS.set(digest, 8, second);
        LONGS.set(digest, 16, third);
        LONGS.set(digest, 24, fourth);
        return digest;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenHash that
                && first == that.first && second == that.second && third == that.third && fourth == that.fourth;
    }

    @Override
    public int hashCode() {
        // the digest is uniformly random already: its first four bytes make a good hash code
        return (int) (first >>> 32);
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
