package dev.patauth.bench;

import dev.patauth.AuthResult;
import dev.patauth.BearerCredentials;
import dev.patauth.PatAuth;
import dev.patauth.TokenPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one authentication costs the CPU once the token is cached, against the least any cached
 * check must do: hash the 50 bytes and look the digest up once. The engine runs on the real
 * PostgreSQL named by the system property {@value #JDBC_URL_PROPERTY}; the token is created and
 * cached in setup, so no measured call touches the database. Only the public API is measured,
 * through {@code authenticate(token, clientAddress)}, the path every integration takes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class AuthenticationBenchmark {

    public static final String JDBC_URL_PROPERTY = "patauth.bench.jdbcUrl";
    /** Every call comes from this address; the measured tokens are valid, so the throttle only looks. */
    static final String CLIENT_ADDRESS = "127.0.0.1";

    private PatAuth engine;
    private String token;
    private String header;
    private byte[] tokenAscii;
    private final ConcurrentHashMap<DigestKey, Object> floorMap = new ConcurrentHashMap<>();

    /** The floor's map key: the digest bytes with a precomputed hash code. */
    static final class DigestKey {
        private final byte[] digest;
        private final int hashCode;

        DigestKey(byte[] digest) {
            this.digest = digest;
            this.hashCode = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DigestKey that && MessageDigest.isEqual(digest, that.digest);
        }

        @Override
        public int hashCode() {
            return hashCode;
        }

        byte[] digest() {
            return digest;
        }
    }

    /** One reusable digest per thread: the floor does not even pay for {@code MessageDigest.getInstance}. */
    @State(Scope.Thread)
    public static class Sha256 {
        final MessageDigest digest;

        public Sha256() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        String url = System.getProperty(JDBC_URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException("Set -D" + JDBC_URL_PROPERTY + " to a PostgreSQL JDBC URL (run.sh does)");
        }
        engine = PatAuth.builder()
                .jdbcUrl(url, null, null)
                .cacheTtl(Duration.ofHours(1))
                .build();
        token = engine.create("jmh-" + UUID.randomUUID(), "jmh").token();
        header = "Bearer " + token;
        tokenAscii = token.getBytes(StandardCharsets.US_ASCII);
        principal(engine, token);
        floorMap.put(new DigestKey(new Sha256().digest.digest(tokenAscii)), Boolean.TRUE);
    }

    /** Authenticates a token that must be valid, which caches it. */
    static TokenPrincipal principal(PatAuth engine, String token) {
        if (engine.authenticate(token, CLIENT_ADDRESS) instanceof AuthResult.Authenticated ok) {
            return ok.principal();
        }
        throw new IllegalStateException("a token created in setup was not accepted");
    }

    /**
     * 10,000 distinct cached tokens, visited in a shuffled cycle, as a server with many clients
     * sees them: the entries no longer fit in the CPU caches. The token strings (engine) and their
     * byte arrays (floor) both lie in creation order and are visited in the shuffled order; the
     * engine's cache and the floor's map are both filled in visiting order.
     */
    @State(Scope.Thread)
    public static class ManyTokens {
        static final int COUNT = 10_000;

        String[] tokens;
        String[] headers;
        byte[][] ascii;
        final ConcurrentHashMap<DigestKey, Object> floorMap = new ConcurrentHashMap<>();
        int next;

        @Setup(Level.Trial)
        public void setUp(AuthenticationBenchmark main) throws Exception {
            // bulk-loaded rows (BulkTokens), not create() one by one: 10,000 creates take seconds per fork
            List<String> created = BulkTokens.mint(COUNT, System.nanoTime());
            BulkTokens.loadActive(System.getProperty(JDBC_URL_PROPERTY), created, "jmh-" + UUID.randomUUID() + "-", 10);
            byte[][] bytes = new byte[COUNT][];
            for (int i = 0; i < COUNT; i++) {
                bytes[i] = created.get(i).getBytes(StandardCharsets.US_ASCII);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(42));
            tokens = new String[COUNT];
            headers = new String[COUNT];
            ascii = new byte[COUNT][];
            Sha256 sha256 = new Sha256();
            for (int k = 0; k < COUNT; k++) {
                tokens[k] = created.get(order.get(k));
                headers[k] = "Bearer " + tokens[k];
                ascii[k] = bytes[order.get(k)];
                floorMap.put(new DigestKey(sha256.digest.digest(ascii[k])), principal(main.engine, tokens[k]));
            }
        }

        int next() {
            int i = next;
            next = i + 1 == COUNT ? 0 : i + 1;
            return i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /**
     * The engine's whole cached path, as the filter calls it: the throttle's look at the address,
     * shape and checksum, hash, cache hit, expiry, last-used note, and the outcome as an
     * {@link AuthResult}.
     */
    @Benchmark
    public AuthResult cachedAuthenticate() {
        return engine.authenticate(token, CLIENT_ADDRESS);
    }

    /** The floor: SHA-256 of the same 50 ASCII bytes and one {@code ConcurrentHashMap.get} by digest. */
    @Benchmark
    public Object floorSha256AndMapGet(Sha256 sha256) {
        return floorMap.get(new DigestKey(sha256.digest.digest(tokenAscii)));
    }

    /** What the filter does before any hashing: read the header, then check shape and checksum. */
    @Benchmark
    public boolean headerAndShape() {
        BearerCredentials credentials = BearerCredentials.parse(header);
        return credentials.kind() == BearerCredentials.Kind.PAT && PatAuth.isWellFormed(credentials.token());
    }

    /** 10,000 cached tokens: the engine's whole cached path. */
    @Benchmark
    public AuthResult cachedAuthenticate10k(ManyTokens many) {
        return engine.authenticate(many.tokens[many.next()], CLIENT_ADDRESS);
    }

    /** 10,000 cached tokens: the floor, over a map of 10,000 digests. */
    @Benchmark
    public Object floorSha256AndMapGet10k(ManyTokens many, Sha256 sha256) {
        return many.floorMap.get(new DigestKey(sha256.digest.digest(many.ascii[many.next()])));
    }

    /**
     * The same over 10,000 distinct tokens: their random characters defeat the CPU's branch
     * prediction wherever a check branches on a character's class, which one token never shows.
     */
    @Benchmark
    public boolean headerAndShape10k(ManyTokens many) {
        BearerCredentials credentials = BearerCredentials.parse(many.headers[many.next()]);
        return credentials.kind() == BearerCredentials.Kind.PAT && PatAuth.isWellFormed(credentials.token());
    }

    /** Breakdown: the header's RFC 6750 parse alone. */
    @Benchmark
    public BearerCredentials breakdownHeaderParse() {
        return BearerCredentials.parse(header);
    }

    /** Breakdown: shape and CRC32 checksum alone ({@code PatAuth.isWellFormed}). */
    @Benchmark
    public boolean breakdownShapeCheck() {
        return PatAuth.isWellFormed(token);
    }
}
