package dev.patauth.bench;

import dev.patauth.PatAuth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Token shapes the floods need besides real tokens: well-formed tokens that the benchmark's
 * database has never seen, and tokens whose checksum is wrong. The first are real tokens of a
 * throwaway engine on an in-memory H2 database, minted through the public API like any other,
 * so that this module never re-implements the token format. The strings are written only to
 * private temporary files that the load generators read; they are never printed.
 */
final class BenchmarkTokens {

    private BenchmarkTokens() {
    }

    /**
     * {@code count} distinct tokens of the right shape and checksum that no row of the benchmark's
     * database matches, created by an engine of their own that is closed (and its database gone)
     * before this returns.
     */
    static List<String> unknown(int count, int threads) throws Exception {
        // a private in-memory database: it goes when the engine closes its pool
        String throwaway = "jdbc:h2:mem:patauth-bench-tokens-" + UUID.randomUUID();
        try (PatAuth elsewhere = PatAuth.builder().jdbcUrl(throwaway, null, null).build()) {
            return TokenFiles.create(elsewhere, count, threads);
        }
    }

    /** The same token with its last checksum character changed, so that it is no longer well formed. */
    static String withBadChecksum(String token) {
        char last = token.charAt(token.length() - 1);
        // six base62 digits name one number, so changing a digit always breaks the checksum
        String broken = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
        if (PatAuth.isWellFormed(broken)) {
            throw new IllegalStateException("a changed checksum digit still matched");
        }
        return broken;
    }

    /** {@link #withBadChecksum} of each. */
    static List<String> withBadChecksum(List<String> tokens) {
        List<String> broken = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            broken.add(withBadChecksum(token));
        }
        return broken;
    }
}
