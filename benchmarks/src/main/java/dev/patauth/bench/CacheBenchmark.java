package dev.patauth.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Breakdown of the cache lookup alone (no hashing): the engine's Caffeine configuration
 * (maximumSize 100,000, one fixed expiry, upkeep on the calling thread: {@link #sameThreadWriteExpiryGet})
 * against alternatives and a plain ConcurrentHashMap, over 1 or 10,000 keys visited in a cycle.
 * Keys are random 32-byte digests. Not part of {@code run.sh}: run it by hand with JMH's main.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CacheBenchmark {

    @Param({"1", "10000"})
    public int keys;

    private AuthenticationBenchmark.DigestKey[] probes;
    private int next;
    private LoadingCache<AuthenticationBenchmark.DigestKey, Object> variableExpiry;
    private LoadingCache<AuthenticationBenchmark.DigestKey, Object> writeExpiry;
    private LoadingCache<AuthenticationBenchmark.DigestKey, Object> variableSameThread;
    private LoadingCache<AuthenticationBenchmark.DigestKey, Object> writeSameThread;
    private LoadingCache<AuthenticationBenchmark.DigestKey, Object> sizeOnlySameThread;
    private final ConcurrentHashMap<AuthenticationBenchmark.DigestKey, Object> map = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void setUp() {
        variableExpiry = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfter(Expiry.<AuthenticationBenchmark.DigestKey, Object>creating((k, v) -> Duration.ofHours(1)))
                .build(k -> Boolean.TRUE);
        writeExpiry = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(Duration.ofHours(1))
                .build(k -> Boolean.TRUE);
        variableSameThread = Caffeine.newBuilder()
                .maximumSize(100_000).executor(Runnable::run)
                .expireAfter(Expiry.<AuthenticationBenchmark.DigestKey, Object>creating((k, v) -> Duration.ofHours(1)))
                .build(k -> Boolean.TRUE);
        writeSameThread = Caffeine.newBuilder()
                .maximumSize(100_000).executor(Runnable::run)
                .expireAfterWrite(Duration.ofHours(1))
                .build(k -> Boolean.TRUE);
        sizeOnlySameThread = Caffeine.newBuilder()
                .maximumSize(100_000).executor(Runnable::run)
                .build(k -> Boolean.TRUE);
        SecureRandom random = new SecureRandom();
        probes = new AuthenticationBenchmark.DigestKey[keys];
        for (int i = 0; i < keys; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            probes[i] = new AuthenticationBenchmark.DigestKey(digest);
            variableExpiry.get(probes[i]);
            writeExpiry.get(probes[i]);
            variableSameThread.get(probes[i]);
            writeSameThread.get(probes[i]);
            sizeOnlySameThread.get(probes[i]);
            map.put(probes[i], Boolean.TRUE);
        }
        for (int i = 0; i < keys; i++) {
            // lookups use equal copies, as a request's fresh digest would be
            byte[] copy = probes[i].digest().clone();
            probes[i] = new AuthenticationBenchmark.DigestKey(copy);
        }
    }

    private AuthenticationBenchmark.DigestKey nextKey() {
        int i = next;
        next = i + 1 == keys ? 0 : i + 1;
        return probes[i];
    }

    /** {@code LoadingCache.get} on a cache with variable (per-entry) expiry, upkeep in the common pool. */
    @Benchmark
    public Object caffeineVariableExpiryGet() {
        return variableExpiry.get(nextKey());
    }

    /** The same cache, {@code getIfPresent}. */
    @Benchmark
    public Object caffeineVariableExpiryGetIfPresent() {
        return variableExpiry.getIfPresent(nextKey());
    }

    /** A fixed {@code expireAfterWrite} instead of variable expiry (no timer wheel). */
    @Benchmark
    public Object caffeineWriteExpiryGet() {
        return writeExpiry.get(nextKey());
    }

    /** Variable (per-entry) expiry, upkeep on the calling thread: the engine before issue 15. */
    @Benchmark
    public Object sameThreadVariableExpiryGet() {
        return variableSameThread.get(nextKey());
    }

    /** Fixed expiry, upkeep on the calling thread: the engine's configuration. */
    @Benchmark
    public Object sameThreadWriteExpiryGet() {
        return writeSameThread.get(nextKey());
    }

    /** Size bound only, no expiry, upkeep on the calling thread. */
    @Benchmark
    public Object sameThreadSizeOnlyGet() {
        return sizeOnlySameThread.get(nextKey());
    }

    /** The floor's map. */
    @Benchmark
    public Object concurrentHashMapGet() {
        return map.get(nextKey());
    }
}
