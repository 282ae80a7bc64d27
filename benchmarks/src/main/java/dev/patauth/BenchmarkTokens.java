package dev.patauth;

import java.security.SecureRandom;

/**
 * Token shapes the load generators need that the public API does not hand out: well-formed
 * tokens that were never stored, and tokens whose checksum is wrong. The strings are written
 * only to private temporary files that the load generators read; they are never printed.
 */
public final class BenchmarkTokens {

    private BenchmarkTokens() {
    }

    /** A token of the right shape and checksum that no database row matches. */
    public static String unknown(SecureRandom random) {
        return TokenFormat.generate(random);
    }

    /** A token of the right length and alphabet whose checksum does not match. */
    public static String withBadChecksum(SecureRandom random) {
        String token = TokenFormat.generate(random);
        char last = token.charAt(token.length() - 1);
        // six base62 digits name one number, so changing a digit always breaks the checksum
        String broken = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
        if (TokenFormat.isWellFormed(broken)) {
            throw new IllegalStateException("a changed checksum digit still matched");
        }
        return broken;
    }
}
