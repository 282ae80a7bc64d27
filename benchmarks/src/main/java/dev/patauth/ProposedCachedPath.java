package dev.patauth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Not patauth code: a prototype of the cached path, measured beside the real one so that a
 * proposed change to {@code PatAuth.authenticateWellFormed} comes with a number. Same Caffeine
 * configuration as the engine; the loader is never reached because setup fills the cache.
 *
 * <ul>
 *   <li>the token's ASCII bytes are made once and serve the alphabet check, the CRC32 and the
 *       SHA-256, with one {@code MessageDigest} per thread (the filter adopted both);</li>
 *   <li>the cache value is flat: the answer is built once when the token is loaded and expiry is
 *       a long (the filter adopted this too), and "used since the last flush" is a flag in the
 *       entry that a flush would collect, instead of a {@code ConcurrentHashMap} probe by UUID
 *       on every hit (proposed).</li>
 * </ul>
 */
final class ProposedCachedPath {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** A cached answer: built once per load. */
    static final class Entry {
        final Optional<TokenPrincipal> answer;
        final long expiresAtMillis;
        volatile boolean usedSinceFlush;

        Entry(TokenPrincipal principal, long expiresAtMillis) {
            this.answer = Optional.of(principal);
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final LoadingCache<AuthenticationBenchmark.DigestKey, Entry> cache = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfter(Expiry.<AuthenticationBenchmark.DigestKey, Entry>creating((key, entry) -> Duration.ofHours(1)))
            .build(key -> {
                throw new IllegalStateException("the prototype is filled in setup");
            });

    void put(String token, TokenPrincipal principal) {
        cache.put(new AuthenticationBenchmark.DigestKey(SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII))),
                new Entry(principal, Long.MAX_VALUE));
    }

    Optional<TokenPrincipal> authenticate(String token) {
        if (token.length() != TokenFormat.LENGTH || !token.startsWith(TokenFormat.PREFIX)) {
            return Optional.empty();
        }
        byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
        int randomEnd = TokenFormat.PREFIX.length() + TokenFormat.RANDOM_LENGTH;
        for (int i = TokenFormat.PREFIX.length(); i < randomEnd; i++) {
            if (digit(ascii[i]) < 0) {
                return Optional.empty();
            }
        }
        long checksum = 0;
        for (int i = randomEnd; i < ascii.length; i++) {
            int d = digit(ascii[i]);
            if (d < 0) {
                return Optional.empty();
            }
            checksum = checksum * 62 + d;
        }
        CRC32 crc = new CRC32();
        crc.update(ascii, TokenFormat.PREFIX.length(), TokenFormat.RANDOM_LENGTH);
        if (checksum != crc.getValue()) {
            return Optional.empty();
        }
        Entry entry = cache.get(new AuthenticationBenchmark.DigestKey(SHA256.get().digest(ascii)));
        if (entry.expiresAtMillis != Long.MAX_VALUE && System.currentTimeMillis() >= entry.expiresAtMillis) {
            return Optional.empty();
        }
        if (!entry.usedSinceFlush) {
            // the flush would collect flagged entries and clear the flag; after the first use a request only reads it
            entry.usedSinceFlush = true;
        }
        return entry.answer;
    }

    private static int digit(byte c) {
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
