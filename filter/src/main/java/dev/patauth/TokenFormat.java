package dev.patauth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
        return wellFormedBytes(token) != null;
    }

    /**
     * The token's 50 ASCII bytes when it has the patauth shape and its checksum matches, else
     * null. The same bytes then feed the hash, so the request path copies the token once.
     */
    static byte[] wellFormedBytes(String token) {
        if (token.length() != LENGTH || !token.startsWith(PREFIX)) {
            return null;
        }
        byte[] ascii = new byte[LENGTH];
        for (int i = 0; i < PREFIX.length(); i++) {
            ascii[i] = (byte) token.charAt(i);
        }
        long checksum = 0;
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = token.charAt(i);
            int d = digit(c);
            if (d < 0) {
                return null;
            }
            ascii[i] = (byte) c;
            if (i >= PREFIX.length() + RANDOM_LENGTH) {
                checksum = checksum * 62 + d;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(ascii, PREFIX.length(), RANDOM_LENGTH);
        return checksum == crc.getValue() ? ascii : null;
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

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
