package dev.patauth.bench;

import dev.patauth.AuthResult;
import dev.patauth.PatAuth;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.ObjectName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link MemoryBenchmark}: fills one engine's cache with every token of a file
 * and prints the used heap after full GCs before and after, so that the difference is what the
 * cached entries retain. Run alone in its own JVM (serial GC), so that nothing else's garbage or
 * caches mix in. The database URL comes in {@code PATAUTH_BENCH_URL}, the tokens in a private file.
 *
 * <p>Arguments: tokenFile cacheMaxSize threads. Prints one line:
 * {@code RESULT tokens=… beforeEngine=… engineStarted=… cached=… cacheSize=… lastUsedRows=… millis=… retried=…}
 * (heap figures in bytes; retried: authentications asked again after a 503, at most 5 times each),
 * after {@code CLASS name instances bytes} lines: what the cached entries added, by class, largest first.
 */
public final class MemoryProbe {

    /** Last-used times are flushed this often, so the queue of pending writes stays small and is gone when measured. */
    static final Duration LAST_USED_INTERVAL = Duration.ofMillis(200);
    static final String ADDRESS = "127.0.0.1";
    /** How many classes of the entries' make-up are printed ({@code CLASS name instances bytes} lines). */
    static final int CLASSES_SHOWN = 14;

    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long maxSize = Long.parseLong(args[1]);
        int threadCount = Integer.parseInt(args[2]);
        String url = System.getenv("PATAUTH_BENCH_URL");
        // the token list first, so that its strings are in every measurement alike
        List<String> tokens = Files.readAllLines(file, StandardCharsets.US_ASCII);
        int n = tokens.size();
        long beforeEngine = usedAfterFullGc();
        try (PatAuth engine = PatAuth.builder().jdbcUrl(url, null, null).jdbcPoolSize(threadCount)
                .cacheMaxSize(maxSize).cacheTtl(Duration.ofHours(2)).lastUsedInterval(LAST_USED_INTERVAL).build()) {
            long engineStarted = usedAfterFullGc();
            Map<String, long[]> classesBefore = classHistogram();
            long start = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            AtomicLong retried = new AtomicLong();
            java.util.Map<String, AtomicLong> failed = new java.util.concurrent.ConcurrentHashMap<>();
            Thread[] threads = new Thread[threadCount];
            for (int t = 0; t < threadCount; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        // a new String per call, as a container gives each request its own remote address
                        AuthResult result = engine.authenticate(tokens.get(i), new String(ADDRESS.toCharArray()));
                        // a lookup that found the database busy (503) is asked again: an outage is not what is measured
                        for (int attempt = 0; attempt < 5 && result instanceof AuthResult.Unavailable; attempt++) {
                            retried.incrementAndGet();
                            sleep(200);
                            result = engine.authenticate(tokens.get(i), new String(ADDRESS.toCharArray()));
                        }
                        if (!(result instanceof AuthResult.Authenticated)) {
                            failed.computeIfAbsent(result.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }, "probe-" + t);
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (!failed.isEmpty()) {
                throw new IllegalStateException("tokens that did not authenticate, by answer: " + failed);
            }
            // every use is written, so that the recorder's queue holds nothing when the heap is measured
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (engine.statistics().lastUsedRows() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("last-used times not written after 5 minutes: "
                            + engine.statistics().lastUsedRows() + " of " + n);
                }
                Thread.sleep(50);
            }
            Thread.sleep(2 * LAST_USED_INTERVAL.toMillis());
            long cacheSize = engine.statistics().cacheSize();
            if (cacheSize != n) {
                throw new IllegalStateException("the cache holds " + cacheSize + " entries, not " + n);
            }
            long cached = usedAfterFullGc();
            // what the entries are made of: the live objects per class, after minus before, largest first
            Map<String, long[]> classesAfter = classHistogram();
            classesAfter.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), new long[] {
                            e.getValue()[0] - classesBefore.getOrDefault(e.getKey(), new long[2])[0],
                            e.getValue()[1] - classesBefore.getOrDefault(e.getKey(), new long[2])[1]}))
                    .filter(e -> e.getValue()[1] > 0)
                    .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                    .limit(CLASSES_SHOWN)
                    .forEach(e -> System.out.println("CLASS " + e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1]));
            long lastUsedRows = engine.statistics().lastUsedRows();
            // standard output is this process's answer to MemoryBenchmark, which parses the RESULT line
            System.out.println(String.format(Locale.ROOT,
                    "RESULT tokens=%d beforeEngine=%d engineStarted=%d cached=%d cacheSize=%d lastUsedRows=%d millis=%d retried=%d",
                    n, beforeEngine, engineStarted, cached, cacheSize, lastUsedRows, millis, retried.get()));
        }
        // the tokens stay reachable until every measurement is taken
        Reference.reachabilityFence(tokens);
    }

    /**
     * The live objects by class, as {@code jcmd GC.class_histogram} gives them (it collects first),
     * through the DiagnosticCommand MBean of this JVM: class name to {instances, bytes}.
     */
    static Map<String, long[]> classHistogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            // "  1:   418051   18495128  [B (java.base@17)"
            if (fields.length >= 4 && fields[0].endsWith(":") && fields[0].length() > 1) {
                classes.put(fields[3], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
            }
        }
        return classes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Used heap after full collections: {@code System.gc()} (a full, stop-the-world collection
     * with the serial collector) until the heap used after it stops shrinking, at most 10 times.
     * The heap used after a collection is the sum of the heap pools' {@code getCollectionUsage()},
     * what each held when the collection ended: the current usage would add whatever threads
     * allocated since, eden's thread-local buffers counted whole.
     */
    static long usedAfterFullGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    used += pool.getCollectionUsage().getUsed();
                }
            }
            if (used >= best) {
                break;
            }
            best = used;
            Thread.sleep(100);
        }
        return best;
    }
}
