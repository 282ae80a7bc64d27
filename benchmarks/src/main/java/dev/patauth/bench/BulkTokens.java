package dev.patauth.bench;

import dev.patauth.PatAuth;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32;
import org.postgresql.PGConnection;

/**
 * Tokens by the hundred thousand, for the scale benchmarks: minted here and bulk-loaded as rows
 * with PostgreSQL's COPY, because creating a million tokens one by one through
 * {@code PatAuth.create} takes minutes (about 200 µs each, most of it the per-user limit's
 * check). Minting follows the documented token shape ({@code pat_}, 40 base62 characters, CRC32
 * of those as 6 base62 digits) and every minted token is checked with {@link PatAuth#isWellFormed},
 * so a change of format stops the run instead of measuring the wrong thing; the row's
 * {@code token_hash} is SHA-256 of the token's ASCII bytes, which is what the engine looks up, so a
 * change of hashing shows as refused tokens. Tokens exist only in memory and in private files.
 */
final class BulkTokens {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** COPY sends this many rows per call, so a million rows never sit in one string. */
    private static final int COPY_CHUNK = 50_000;

    private BulkTokens() {
    }

    /**
     * {@code count} distinct, well-formed tokens from a seeded generator: the same seed gives the
     * same tokens, different seeds practically never collide (238 random bits per token).
     */
    static List<String> mint(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> tokens = new ArrayList<>(count);
        byte[] body = new byte[40];
        CRC32 crc = new CRC32();
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            crc.reset();
            crc.update(body, 0, body.length);
            char[] checksum = new char[6];
            long rest = crc.getValue();
            for (int i = 5; i >= 0; i--) {
                checksum[i] = ALPHABET.charAt((int) (rest % 62));
                rest /= 62;
            }
            String token = "pat_" + new String(body, StandardCharsets.US_ASCII) + new String(checksum);
            if (!PatAuth.isWellFormed(token)) {
                throw new IllegalStateException("a minted token is not well formed: the token format changed");
            }
            tokens.add(token);
        }
        return tokens;
    }

    /** SHA-256 of the token's ASCII bytes: the {@code token_hash} the engine looks up. */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Inserts one active token row per token, no expiry, scopes NULL (every scope), owned by
     * {@code usersPrefix} + a number ({@code perUser} tokens each), with COPY. The tables must
     * exist (start an engine with auto-create on the database first).
     */
    static void loadActive(String jdbcUrl, List<String> tokens, String usersPrefix, int perUser) throws SQLException {
        HexFormat hex = HexFormat.of();
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            for (int from = 0; from < tokens.size(); from += COPY_CHUNK) {
                StringBuilder rows = new StringBuilder();
                int to = Math.min(tokens.size(), from + COPY_CHUNK);
                for (int i = from; i < to; i++) {
                    rows.append(UUID.randomUUID()).append('\t')
                            .append(usersPrefix).append(i / perUser).append('\t')
                            .append("bulk ").append(i).append('\t')
                            .append("\\\\x").append(hex.formatHex(sha256(tokens.get(i)))).append('\t')
                            .append("2026-01-01 00:00:00+00").append('\n');
                }
                try {
                    pg.getCopyAPI().copyIn("COPY patauth_token (id, user_id, name, token_hash, created_at) FROM STDIN",
                            new StringReader(rows.toString()));
                } catch (IOException e) {
                    throw new SQLException("COPY failed", e);
                }
            }
        }
    }
}
