package dev.patauth;

import dev.patauth.store.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The shape of a patauth token: {@code pat_} + 40 random base62 characters + 6 base62
 * characters of CRC32 over the random part. The checksum lets the filter refuse typos and
 * garbage without any I/O, and lets secret scanners recognise a real token.
 */
final class TokenFormat {

    static final String PREFIX = "pat_";
    static final int RANDOM_LENGTH = 40;
    static final int CHECKSUM_LENGTH = 6;
    static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** The base62 value of each ASCII character, -1 for characters outside the alphabet. */
    private static final byte[] DIGITS = new byte[128];

    static {
        Arrays.fill(DIGITS, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGITS[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    /**
     * The request path's buffers, one set per thread, so that checking and hashing a presented
     * token allocates nothing but the hash it returns (a fresh byte[], CRC32 and digest per
     * request cost 120 bytes and showed in the cached check's time).
     */
    private static final class Scratch {
        final byte[] ascii = new byte[LENGTH];
        final byte[] digest = new byte[32];
        final CRC32 crc = new CRC32();
        final MessageDigest sha256;

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform must provide SHA-256", e);
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private TokenFormat() {
    }

    static String generate(SecureRandom random) {
        char[] token = new char[LENGTH];
        PREFIX.getChars(0, PREFIX.length(), token, 0);
        byte[] ascii = new byte[RANDOM_LENGTH];
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            token[PREFIX.length() + i] = c;
            ascii[i] = (byte) c;
        }
        String checksum = base62(crc32(ascii));
        checksum.getChars(0, CHECKSUM_LENGTH, token, PREFIX.length() + RANDOM_LENGTH);
        return new String(token);
    }

    /** True when the token has the patauth shape and its checksum matches. Does no I/O. */
    static boolean isWellFormed(String token) {
        Scratch scratch = SCRATCH.get();
        return wellFormed(token, scratch.ascii, scratch.crc);
    }

    /**
     * The SHA-256 of the token when it has the patauth shape and its checksum matches, else
     * null: the request path's one pass over the token, without I/O and without allocating
     * anything but the returned hash.
     */
    static TokenHash hashIfWellFormed(String token) {
        Scratch scratch = SCRATCH.get();
        if (!wellFormed(token, scratch.ascii, scratch.crc)) {
            return null;
        }
        try {
            scratch.sha256.update(scratch.ascii, 0, LENGTH);
            scratch.sha256.digest(scratch.digest, 0, scratch.digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 did not fit in 32 bytes", e);
        }
        return TokenHash.fromBytes(scratch.digest);
    }

    /**
     * Whether the token has the patauth shape and its checksum matches, leaving its 50 ASCII
     * bytes in {@code ascii} (meaningful only when true).
     */
    private static boolean wellFormed(String token, byte[] ascii, CRC32 crc) {
        if (token.length() != LENGTH || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = 0; i < PREFIX.length(); i++) {
            ascii[i] = (byte) token.charAt(i);
        }
        // a table, not comparisons: the random characters of different tokens would make every
        // range test a branch the CPU mispredicts (measured as ~200 ns per check over 10,000 tokens)
        int signs = 0;
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = token.charAt(i);
            ascii[i] = (byte) c;
            // negative for a character outside the alphabet, including any beyond ASCII
            signs |= DIGITS[c & 0x7f] | -(c >>> 7);
        }
        if (signs < 0) {
            return false;
        }
        long checksum = 0;
        for (int i = PREFIX.length() + RANDOM_LENGTH; i < LENGTH; i++) {
            checksum = checksum * 62 + DIGITS[ascii[i]];
        }
        crc.reset();
        crc.update(ascii, PREFIX.length(), RANDOM_LENGTH);
        return checksum == crc.getValue();
    }

    /** The 6-character checksum of a 40-character random part. */
    static String checksumOf(String randomPart) {
        if (randomPart.length() != RANDOM_LENGTH) {
            throw new IllegalArgumentException("the random part has " + RANDOM_LENGTH + " characters");
        }
        return base62(crc32(randomPart.getBytes(StandardCharsets.US_ASCII)));
    }

    /** CRC32 (IEEE) as 6 base62 digits, most significant first, left-padded with '0'. */
    static String base62(long value) {
        char[] digits = new char[CHECKSUM_LENGTH];
        long rest = value;
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (rest % 62));
            rest /= 62;
        }
        return new String(digits);
    }

    private static long crc32(byte[] ascii) {
        CRC32 crc = new CRC32();
        crc.update(ascii, 0, ascii.length);
        return crc.getValue();
    }
}
