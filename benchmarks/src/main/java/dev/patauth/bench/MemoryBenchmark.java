package dev.patauth.bench;

import dev.patauth.PatAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 15, "bytes per cached token": the retained heap of the engine's cache at 100,000 and
 * 1,000,000 entries, measured rather than estimated. Each size runs {@link MemoryProbe} in a JVM
 * of its own (serial GC, fixed heap), which reads its tokens, measures the used heap after full
 * GCs, caches every token with one authentication each, and measures again; the difference over
 * the number of tokens is what one cached token costs. From that follows what the default
 * {@code patauth.cache.max-size} (100,000) costs when the cache is full.
 */
final class MemoryBenchmark {

    /** The default {@code patauth.cache.max-size}, from {@code PatAuth.Builder} and the README. */
    static final int DEFAULT_MAX_SIZE = 100_000;
    private static final String HEAP = "-Xmx3g";
    private static final int PROBE_THREADS = 8;

    /** What the entries added of one class: instances and bytes. */
    private record Added(String className, long instances, long bytes) {
    }

    private record Probe(int tokens, long maxSize, long beforeEngine, long engineStarted, long cached, long cacheSize,
                         long millis, long retried, double seconds, List<Added> classes) {

        double bytesPerToken() {
            return (double) (cached - engineStarted) / tokens;
        }
    }

    private MemoryBenchmark() {
    }

    static void run(List<Integer> sizes, Path workDir, Report report) throws Exception {
        int all = sizes.stream().mapToInt(Integer::intValue).sum();
        List<Probe> probes = new ArrayList<>();
        try (BenchDatabase database = BenchDatabase.create()) {
            PatAuth.builder().jdbcUrl(database.url(), null, null).build().close();
            Progress.say("memory: minting and loading %,d tokens", all);
            List<String> tokens = BulkTokens.mint(all, 15_002);
            BulkTokens.loadActive(database.url(), tokens, "memory-user-", 10);
            TokenFiles files = new TokenFiles(workDir);
            int from = 0;
            for (int n : sizes) {
                // tokens of their own for each probe, never used before: no last-used data in their rows
                Path file = files.write("memory-" + n + ".txt", tokens.subList(from, from + n));
                from += n;
                try {
                    long maxSize = n + n / 100 + 100;
                    Progress.say("memory: caching %,d tokens in a child JVM (%s, serial GC, max size %,d)", n, HEAP, maxSize);
                    probes.add(probe(database.url(), file, n, maxSize));
                    Probe p = probes.get(probes.size() - 1);
                    Progress.say("  %.0f bytes per cached token (%,d → %,d bytes used after GC); caching took %.0f s,"
                            + " %d authentications retried after a 503, probe %.0f s", p.bytesPerToken(), p.engineStarted(),
                            p.cached(), p.millis() / 1000.0, p.retried(), p.seconds());
                } finally {
                    Files.delete(file);
                }
            }
        }
        write(probes, report);
    }

    private static Probe probe(String jdbcUrl, Path tokens, int n, long maxSize) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xms3g", HEAP, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), MemoryProbe.class.getName(), tokens.toString(),
                Long.toString(maxSize), Integer.toString(PROBE_THREADS)).redirectErrorStream(true);
        builder.environment().put("PATAUTH_BENCH_URL", jdbcUrl);
        long start = System.nanoTime();
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the memory probe printed no RESULT (exit " + exit + "):\n" + out));
        Map<String, Long> fields = new TreeMap<>();
        for (String field : line.substring("RESULT ".length()).trim().split(" ")) {
            String[] kv = field.split("=", 2);
            fields.put(kv[0], Long.parseLong(kv[1]));
        }
        List<Added> classes = out.lines().filter(l -> l.startsWith("CLASS ")).map(l -> l.split(" "))
                .map(f -> new Added(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]))).toList();
        return new Probe(n, maxSize, fields.get("beforeEngine"), fields.get("engineStarted"), fields.get("cached"),
                fields.get("cacheSize"), fields.get("millis"), fields.get("retried"), seconds, classes);
    }

    private static void write(List<Probe> probes, Report report) {
        StringBuilder table = new StringBuilder("| cached tokens | max size | used heap: tokens read | engine started | "
                + "all cached | engine's baseline | bytes per cached token | caching took | retried after 503 | probe took |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Probe p : probes) {
            table.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %s | **%s** | %.0f s | %,d | %.0f s |\n",
                    p.tokens(), p.maxSize(), mib(p.beforeEngine()), mib(p.engineStarted()), mib(p.cached()),
                    mib(p.engineStarted() - p.beforeEngine()), Stats.f0(p.bytesPerToken()), p.millis() / 1000.0,
                    p.retried(), p.seconds()));
        }
        StringBuilder makeUp = new StringBuilder();
        for (Probe p : probes) {
            makeUp.append(String.format(Locale.ROOT, "\n%,d entries:\n\n| class | instances per entry | bytes per entry |\n"
                    + "|---|---:|---:|\n", p.tokens()));
            for (Added added : p.classes()) {
                makeUp.append(String.format(Locale.ROOT, "| `%s` | %s | %s |\n", added.className(),
                        Stats.f2((double) added.instances() / p.tokens()), Stats.f1((double) added.bytes() / p.tokens())));
            }
        }
        Probe atDefault = probes.stream().filter(p -> p.tokens() == DEFAULT_MAX_SIZE).findFirst()
                .orElse(probes.get(0));
        double defaultCost = atDefault.bytesPerToken() * DEFAULT_MAX_SIZE;
        report.section("Memory: bytes per cached token", String.format(Locale.ROOT, """
                Retained heap, not an estimate. For each size a child JVM (`MemoryProbe`: `-Xms3g %s -XX:+UseSerialGC`,
                compressed oops, nothing else running in it) reads the tokens from a private file, then measures the
                heap used after full collections (`System.gc()`, repeated until that stops shrinking; the sum of the
                heap pools' `MemoryPoolMXBean.getCollectionUsage()`, what they held as the collection ended); starts an engine on a database of its own holding the
                tokens (`patauth.jdbc.url`, cache max size the tokens + 1 %% + 100, cache TTL 2 h, last-used interval
                %d ms) and measures again; authenticates every token once from %d threads (each answer checked to be
                `Authenticated`; one that is `Unavailable`, a lookup that waited over 3 s for a connection on a busy
                machine, is asked again after 200 ms, at most 5 times; each token a cache entry: `statistics().cacheSize()` equal to the tokens), waits
                until every last-used time is written (`statistics().lastUsedRows()`), so the recorder's queue is
                empty, and measures a third time. The token list stays referenced until after the last measurement,
                so its strings count in every one alike. Bytes per cached token = (all cached − engine started) /
                tokens.

                An entry is a Caffeine node keyed by the token's SHA-256 (a `TokenHash` holding it as four longs)
                holding a `Lookup`: the owner's id, a `TokenInfo` (token id UUID, owner, name, created, last-used
                time/address/agent, expiry, scopes, each an object or an `Optional` of one), the expiry as a number,
                the last-used flag and addresses (the probe gives each call its own address string, as a container
                does; the entry keeps the last one), and the answer built with the entry (an `AuthResult` around
                the `TokenPrincipal`: owner, token id, name, roles, scopes), reused on every hit; plus Caffeine's
                per-entry share of its hash table and frequency sketch (allocated once the cache is
                half full, so it is in the difference).

                Each probe caches tokens of its own that were never used, so their rows carry no last-used time,
                address or agent; a token used before carries those too, as objects of its `TokenInfo` (an
                `Instant`, an address string and their `Optional`s, about 100 bytes more).

                %s
                <details><summary>What the entries are made of: live objects added, by class (class histogram
                after minus before, the %d largest)</summary>
                %s
                </details>

                At the default `patauth.cache.max-size` of %,d, a full cache of known tokens costs about **%.0f MiB**
                of heap (%,d × %.0f bytes, measured at %,d entries).
                """, HEAP, MemoryProbe.LAST_USED_INTERVAL.toMillis(), PROBE_THREADS, table, MemoryProbe.CLASSES_SHOWN,
                makeUp, DEFAULT_MAX_SIZE,
                defaultCost / 1024 / 1024, DEFAULT_MAX_SIZE, atDefault.bytesPerToken(), atDefault.tokens()));
        for (Probe p : probes) {
            report.headline(String.format(Locale.ROOT, "Heap per cached token at %,d entries", p.tokens()),
                    String.format(Locale.ROOT, "%s bytes (retained, after full GC)", Stats.f0(p.bytesPerToken())));
        }
        report.headline(String.format(Locale.ROOT, "Heap of a full cache at the default max size (%,d)", DEFAULT_MAX_SIZE),
                String.format(Locale.ROOT, "%.0f MiB", defaultCost / 1024 / 1024));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
    }
}
