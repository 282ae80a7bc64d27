package dev.patauth.bench;

import static dev.patauth.bench.Stats.f1;
import static dev.patauth.bench.Stats.f2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link AuthenticationBenchmark} in forked JVMs and reports it against the floor.
 *
 * <p>The four benchmarks of the two goal ratios run in rounds: each round is one JMH run with one
 * fork of each, so the fork of the cached call and the fork of its floor that are paired in a
 * ratio ran within a minute of each other, and a slow spell of the host slows both. The other
 * benchmarks (header parse and breakdowns) need no ratio and get fewer forks.
 */
final class JmhRun {

    /** The benchmarks of the goal ratios, cached call and its floor, with 1 and with 10,000 tokens. */
    static final List<String> RATIO_BENCHMARKS = List.of("cachedAuthenticate", "floorSha256AndMapGet",
            "cachedAuthenticate10k", "floorSha256AndMapGet10k");
    static final List<String> OTHER_BENCHMARKS = List.of("headerAndShape", "headerAndShape10k", "breakdownHeaderParse",
            "breakdownShapeCheck");

    /** How much to run: forks of the ratio benchmarks (one per round), of the others, and iterations per fork. */
    record Settings(int ratioForks, int otherForks, int iterations) {
    }

    /**
     * One benchmark over all its forks.
     *
     * @param forkNanos  each fork's score: the mean of its measured iterations, in fork (round) order
     * @param nanos      the mean over all measured iterations (= the mean of the forks' scores)
     * @param error      JMH's own error of that mean: the 99.9 % interval over all measured iterations
     * @param bytesPerOp the GC profiler's allocation per call, averaged over the forks
     */
    record Score(List<Double> forkNanos, double nanos, double error, double bytesPerOp) {

        Stats.Spread spread() {
            return Stats.spread(forkNanos);
        }
    }

    /** A goal ratio: cached call over its floor, fork i over fork i. */
    static Stats.Spread ratio(Map<String, Score> scores, String cached, String floor) {
        return Stats.ratioOfMeans(scores.get(cached).forkNanos(), scores.get(floor).forkNanos());
    }

    private JmhRun() {
    }

    static Map<String, Score> run(String jdbcUrl, Settings settings, Report report) throws RunnerException {
        Map<String, List<BenchmarkResult>> forks = new HashMap<>();
        for (int round = 1; round <= settings.ratioForks(); round++) {
            Progress.say("JMH round %d of %d: %s, one fork each", round, settings.ratioForks(), RATIO_BENCHMARKS);
            runForks(jdbcUrl, RATIO_BENCHMARKS, 1, settings.iterations(), forks);
        }
        Progress.say("JMH: %s, %d fork%s each", OTHER_BENCHMARKS, settings.otherForks(), settings.otherForks() == 1 ? "" : "s");
        runForks(jdbcUrl, OTHER_BENCHMARKS, settings.otherForks(), settings.iterations(), forks);

        Map<String, Score> scores = new HashMap<>();
        forks.forEach((name, results) -> scores.put(name, score(results)));

        Score auth = scores.get("cachedAuthenticate");
        Score floor = scores.get("floorSha256AndMapGet");
        Score header = scores.get("headerAndShape");
        Stats.Spread one = ratio(scores, "cachedAuthenticate", "floorSha256AndMapGet");
        Stats.Spread many = ratio(scores, "cachedAuthenticate10k", "floorSha256AndMapGet10k");
        StringBuilder table = new StringBuilder("| benchmark | what it does | ns/op | ± (99.9 % CI) | forks"
                + " | min–max of the forks | 95 % CI over the forks | bytes allocated/op |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        row(table, scores, "cachedAuthenticate", "`PatAuth.authenticate(token, clientAddress)`, token cached:"
                + " the filter's path, with the throttle's look at the address and an `AuthResult`");
        row(table, scores, "floorSha256AndMapGet", "floor: SHA-256 of the 50 bytes (reused `MessageDigest`) + one"
                + " `ConcurrentHashMap.get` by digest key");
        row(table, scores, "cachedAuthenticate10k", "the same over 10,000 cached tokens, visited in a shuffled cycle");
        row(table, scores, "floorSha256AndMapGet10k", "the floor over a map of 10,000 digests, same cycle");
        row(table, scores, "headerAndShape", "`BearerCredentials.parse(header)` + `PatAuth.isWellFormed`");
        row(table, scores, "headerAndShape10k", "the same over the 10,000 tokens' headers, same cycle");
        row(table, scores, "breakdownHeaderParse", "breakdown: `BearerCredentials.parse` alone");
        row(table, scores, "breakdownShapeCheck", "breakdown: `PatAuth.isWellFormed` alone: shape and CRC32 checksum");
        String ratios = "| ratio | cached ÷ floor | goal |\n|---|---|---|\n"
                + "| 1 token: cachedAuthenticate ÷ floorSha256AndMapGet | " + Stats.ratio(one) + " | ≤ 2× |\n"
                + "| 10,000 tokens: cachedAuthenticate10k ÷ floorSha256AndMapGet10k | " + Stats.ratio(many) + " | ≤ 2.5× |\n";
        report.section("JMH: the cost of one authentication", String.format(Locale.ROOT, """
                JMH 1.37, average time, 1 thread, %d warm-up and %d measured iterations of 1 s per fork. The
                engine runs on the same PostgreSQL as the rest (created with `.jdbcUrl(…)`, NOTIFY invalidation);
                its token is created and authenticated once in setup, so the measured calls never reach the
                database. Like any app, the benchmark calls only patauth's public API, every call from one client
                address. Cached authentication costs **%s×** the floor with one token and **%s×** the floor with
                10,000 tokens. Bytes allocated per call come from JMH's GC profiler (`gc.alloc.rate.norm`).

                The four benchmarks of the two ratios ran in %d rounds, each round one JMH run with one fork of
                each, so that the forks paired in a ratio (round i's cached call over round i's floor) ran within
                a minute of each other; the other three ran %s each. A fork's score is the mean of its
                measured iterations. ns/op is the mean over all forks, with JMH's own 99.9 %% interval over all
                measured iterations, which takes the iterations as independent and so understates how much a
                fork's JVM (its JIT decisions, its heap layout) moves the figure; the 95 %% interval over the
                forks' scores (Student t) includes that. A ratio is the ratio of the mean ns/op, min–max are the
                per-round ratios, and its 95 %% interval is the delta method's for a ratio of paired means (the
                standard error of the mean of cached_i − ratio × floor_i over the mean floor, Student t with
                forks − 1 degrees of freedom), so what slows a whole round cancels out of it.

                %s
                %s""", settings.iterations(), settings.iterations(), f2(one.mean()), f2(many.mean()),
                settings.ratioForks(), settings.otherForks() == 1 ? "one fork" : settings.otherForks() + " forks", ratios,
                table));
        report.goal("Cached authentication within 2× the JMH floor (1 token; ratio of means, 95 % CI)",
                String.format(Locale.ROOT, "%s ns vs %s ns: %s", f1(auth.nanos()), f1(floor.nanos()), Stats.ratio(one)),
                one.mean() <= 2.0);
        report.goal("Cached authentication within 2.5× the JMH floor (10,000 tokens; ratio of means, 95 % CI)",
                String.format(Locale.ROOT, "%s ns vs %s ns: %s", f1(scores.get("cachedAuthenticate10k").nanos()),
                        f1(scores.get("floorSha256AndMapGet10k").nanos()), Stats.ratio(many)), many.mean() <= 2.5);
        report.headline("Cached `PatAuth.authenticate` (JMH)", String.format(Locale.ROOT,
                "%s ns (floor: SHA-256 + map get %s ns): %s the floor", f1(auth.nanos()), f1(floor.nanos()), Stats.ratio(one)));
        report.headline("Cached `PatAuth.authenticate`, 10,000 tokens (JMH)", String.format(Locale.ROOT,
                "%s ns (floor %s ns): %s the floor", f1(scores.get("cachedAuthenticate10k").nanos()),
                f1(scores.get("floorSha256AndMapGet10k").nanos()), Stats.ratio(many)));
        report.headline("Header extraction + shape check (JMH)", f1(header.nanos()) + " ns");
        return scores;
    }

    /** One JMH run of {@code benchmarks} with {@code forks} forks each; adds every fork's result to {@code forks}. */
    private static void runForks(String jdbcUrl, List<String> benchmarks, int forkCount, int iterations,
                                 Map<String, List<BenchmarkResult>> forks) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(Pattern.quote(AuthenticationBenchmark.class.getName()) + "\\.(" + String.join("|", benchmarks) + ")$")
                .forks(forkCount)
                .warmupIterations(iterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .threads(1)
                .jvmArgsAppend("-D" + AuthenticationBenchmark.JDBC_URL_PROPERTY + "=" + jdbcUrl)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            // one BenchmarkResult per fork
            forks.computeIfAbsent(name.substring(name.lastIndexOf('.') + 1), k -> new ArrayList<>())
                    .addAll(result.getBenchmarkResults());
        }
    }

    private static Score score(List<BenchmarkResult> forks) {
        List<Double> forkNanos = new ArrayList<>();
        ListStatistics iterations = new ListStatistics();
        List<Double> bytes = new ArrayList<>();
        for (BenchmarkResult fork : forks) {
            forkNanos.add(fork.getPrimaryResult().getScore());
            for (IterationResult iteration : fork.getIterationResults()) {
                iterations.addValue(iteration.getPrimaryResult().getScore());
            }
            Result<?> allocation = fork.getSecondaryResults().get("gc.alloc.rate.norm");
            if (allocation != null) {
                bytes.add(allocation.getScore());
            }
        }
        return new Score(List.copyOf(forkNanos), iterations.getMean(), iterations.getMeanErrorAt(0.999), Stats.mean(bytes));
    }

    private static void row(StringBuilder table, Map<String, Score> scores, String name, String what) {
        Score score = scores.get(name);
        Stats.Spread spread = score.spread();
        String interval = spread.n() < 2 ? "—" : f1(spread.low()) + "–" + f1(spread.high());
        // JMH gives no error for fewer than three iterations
        String error = Double.isNaN(score.error()) ? "—" : f1(score.error());
        table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s–%s | %s | %.0f |\n", name, what,
                f1(score.nanos()), error, spread.n(), f1(spread.min()), f1(spread.max()), interval, score.bytesPerOp()));
    }
}
