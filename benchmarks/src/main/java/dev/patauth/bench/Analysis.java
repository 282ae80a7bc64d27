package dev.patauth.bench;

import static dev.patauth.bench.Stats.f1;
import static dev.patauth.bench.Stats.f2;

import dev.patauth.bench.HttpBenchmark.Scenario;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The "what limits it" part of RESULTS.md: built from this run's figures where a goal is
 * missed, plus the profiles taken while this module was written (named as such).
 */
final class Analysis {

    private Analysis() {
    }

    static void write(Report report, Optional<Map<String, JmhRun.Score>> jmh, Optional<HttpBenchmark.Summary> http) {
        jmh.ifPresent(scores -> engine(report, scores));
        if (jmh.isPresent() && http.isPresent()) {
            filter(report, jmh.get(), http.get());
        }
        if (jmh.isPresent()) {
            proposal(report, jmh.get());
        }
    }

    private static double ns(Map<String, JmhRun.Score> scores, String name) {
        return scores.get(name).nanos();
    }

    private static void engine(Report report, Map<String, JmhRun.Score> s) {
        double auth = ns(s, "cachedAuthenticate");
        double floor = ns(s, "floorSha256AndMapGet");
        double many = ns(s, "cachedAuthenticate10k");
        double manyFloor = ns(s, "floorSha256AndMapGet10k");
        if (auth <= 2 * floor && many <= 2 * manyFloor) {
            return;
        }
        report.analysis(String.format(Locale.ROOT, """
                **Cached authentication against its floor.** `PatAuth.authenticate` costs %s ns against the floor's
                %s ns with one token, and %s ns against %s ns with 10,000. Measured alone in this run, its steps
                are: the shape check %s ns (it copies the 40 random characters into a new byte[40] and makes a new
                `CRC32` for each call), and `TokenHash.of` %s ns (`MessageDigest.getInstance("SHA-256")` on every
                call: a provider lookup and a fresh SHA-256 object whose 64-word message schedule is allocated
                each time, then `getBytes` makes a second copy of the token). The rest is the cache hit and what
                follows it: Caffeine's `LoadingCache.get` with per-entry expiry (87 ns against 38 ns for a
                `ConcurrentHashMap.get`, and 58 ns with a fixed `expireAfterWrite`, in `CacheBenchmark` while this
                module was written), `clock.instant()` and the walk Lookup → Optional → StoredToken → TokenInfo →
                Optional&lt;Instant&gt; for the expiry check even when the token never expires, a
                `ConcurrentHashMap.containsKey` by `TokenId` (a UUID) in the last-used recorder, and a new
                `TokenPrincipal` and `Optional` per call. JMH `-prof gc` while this module was written: about 465
                bytes allocated per cached authentication, against 48 for the floor.
                With 10,000 tokens the same chain of small objects no longer stays in the CPU caches: a JFR
                profile of `cachedAuthenticate10k` (taken while this module was written) has
                `StoredToken.isExpiredAt`, `ConcurrentHashMap.get` (Caffeine's map and the last-used map),
                `TokenHash.equals` and the shape check's character reads on top, that is, memory loads along
                pointers rather than computation.""",
                f1(auth), f1(floor), f1(many), f1(manyFloor), f1(ns(s, "breakdownShapeCheck")), f1(ns(s, "breakdownTokenHash"))));
    }

    private static void filter(Report report, Map<String, JmhRun.Score> s, HttpBenchmark.Summary http) {
        double one = http.rpsRatio().get(Scenario.PAT_ONE);
        double many = http.rpsRatio().get(Scenario.PAT_MANY);
        if (one >= 0.97 && many >= 0.97) {
            return;
        }
        double plain = http.serverMicrosPerRequest().get(Scenario.PLAIN);
        double cpuOne = http.serverMicrosPerRequest().get(Scenario.PAT_ONE);
        double cpuMany = http.serverMicrosPerRequest().get(Scenario.PAT_MANY);
        double jettyPlain = http.jettyMicrosPerRequest().get(Scenario.PLAIN);
        double jettyOne = http.jettyMicrosPerRequest().get(Scenario.PAT_ONE);
        double jettyMany = http.jettyMicrosPerRequest().get(Scenario.PAT_MANY);
        double commonOne = http.commonPoolMicrosPerRequest().get(Scenario.PAT_ONE);
        double commonMany = http.commonPoolMicrosPerRequest().get(Scenario.PAT_MANY);
        report.analysis(String.format(Locale.ROOT, """
                **Throughput with the filter.** Requests/s with patauth were %s (1 token) and %s (10,000 tokens)
                of (a). With wrk on the same 2 cores, throughput follows the server's CPU per request: %s µs
                without a filter, %s µs with one token (%+.1f µs), %s µs with 10,000 tokens (%+.1f µs). By thread:
                Jetty's request threads (which run the filter) spent %+.1f µs and %+.1f µs more per request than in
                (a), and the common ForkJoinPool, idle in (a), spent %s µs and %s µs per request. That pool runs
                Caffeine's cache maintenance: by default every drain of the read buffer is handed to
                `ForkJoinPool.commonPool()`, so a steady stream of cache hits keeps waking a pool thread; JMH,
                which times only the calling thread, does not see this cost at all.
                On the request threads, JMH puts the filter's own work at %s ns for the header parse and shape
                check (the parse alone %s ns: `BearerCredentials.parse` runs two regular expressions, `TCHAR` and
                `B64TOKEN`) plus %s ns (1 token) or %s ns (10,000 tokens) for the cached authentication. The rest of
                the difference is what having a filter at all costs in Jetty (the (a) webapp has no filter chain),
                the request wrapper and the per-request `FailureThrottle` lookup (a Caffeine `getIfPresent` by client
                address). That accounts for the one-token case. The larger extra with 10,000 tokens is not
                explained by the single-thread JMH figure; this run does not prove its cause, and the likely one
                is memory traffic: each request touches a different token's cache node, key, digest,
                `Lookup`/`StoredToken`/`TokenInfo`/`TokenId` objects and last-used map node, which in a server
                heap (objects laid out by the garbage collector, not in visiting order as in the JMH setup) are
                unlikely to be in the CPU caches, and Caffeine's maintenance then reorders its LRU lists,
                frequency sketch and expiry timer wheel for each of them. Changes 3 and 4 below cut the number
                of objects touched per request. A JFR recording of the server during (b10k)
                (`--jfr-dir`, taken while this module was written; JFR took only 35 samples of the server in
                that 4 s run on this VM, so it indicates rather than measures) had 12 samples inside the
                filter's own code, 5 of them in the regular-expression match of `BearerCredentials.parse`, the
                rest in Caffeine and `ConcurrentHashMap` lookups, the shape check and the throttle lookup.""",
                f2(one), f2(many), f1(plain), f1(cpuOne), cpuOne - plain, f1(cpuMany), cpuMany - plain,
                jettyOne - jettyPlain, jettyMany - jettyPlain, f2(commonOne), f2(commonMany),
                f1(ns(s, "headerAndShape")), f1(ns(s, "breakdownHeaderParse")), f1(ns(s, "cachedAuthenticate")),
                f1(ns(s, "cachedAuthenticate10k"))));
    }

    private static void proposal(Report report, Map<String, JmhRun.Score> s) {
        report.analysis(String.format(Locale.ROOT, """
                **Proposed changes to filter/** (not made here; the benchmarks module only measures prototypes of
                them, `ProposedHeaderParse` and `ProposedCachedPath`, beside the real code):

                1. `BearerCredentials.parse`: check the b64token grammar with a character loop instead of the two
                   regular expressions. Prototype: header parse + shape check %s ns instead of %s ns.
                2. `PatAuth.authenticateWellFormed` / `TokenFormat` / `TokenHash`: make the token's ASCII bytes once
                   and use them for the alphabet check, `CRC32.update(bytes, 4, 40)` and SHA-256; keep one
                   `MessageDigest` per thread (or clone a prototype) instead of `getInstance` per request.
                3. Make the cached value flat: build the answer (`Optional<TokenPrincipal>`) once when the token is
                   loaded (roles are fixed without a roles query; with one, rebuild it when the roles entry
                   refreshes), keep expiry as a long and skip the clock when the token never expires, and mark
                   "used since the last flush" with a flag in the entry that the flush collects, instead of a
                   `ConcurrentHashMap<TokenId, Instant>` probe on every request.
                4. Build the token cache with `Caffeine.executor(Runnable::run)`, so that its maintenance runs
                   amortized on the request thread that fills a read buffer instead of waking a common-pool thread
                   several thousand times a second (see the ForkJoinPool column of the HTTP section). The token
                   cache has no removal listener and no refresh that would need another thread; the roles cache
                   does refresh in the background (`refreshAfterWrite`) and should keep an executor.

                Prototype of 2 and 3 together: %s ns with one token (now %s ns) and %s ns with 10,000 (now %s ns).
                What remains is the floor itself, Caffeine's bookkeeping (variable expiry costs about 30 ns more
                than a fixed `expireAfterWrite`; two caches, positive and negative, with fixed TTLs would avoid
                the timer wheel) and, with many tokens, the memory loads of a hash-table lookup.""",
                f1(ns(s, "proposedHeaderAndShape")), f1(ns(s, "headerAndShape")),
                f1(ns(s, "proposedCachedPath")), f1(ns(s, "cachedAuthenticate")),
                f1(ns(s, "proposedCachedPath10k")), f1(ns(s, "cachedAuthenticate10k"))));
    }
}
