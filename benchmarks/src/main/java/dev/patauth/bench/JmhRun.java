package dev.patauth.bench;

import static dev.patauth.bench.Stats.f1;
import static dev.patauth.bench.Stats.f2;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link AuthenticationBenchmark} in forked JVMs and reports it against the floor. */
final class JmhRun {

    record Score(double nanos, double error, double bytesPerOp) {
    }

    private JmhRun() {
    }

    static Map<String, Score> run(String jdbcUrl, int forks, int iterations, Report report) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(Pattern.quote(AuthenticationBenchmark.class.getName()) + "\\..*")
                .forks(forks)
                .warmupIterations(iterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .threads(1)
                .jvmArgsAppend("-D" + AuthenticationBenchmark.JDBC_URL_PROPERTY + "=" + jdbcUrl)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Score> scores = new HashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            Result<?> primary = result.getPrimaryResult();
            Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
            scores.put(name.substring(name.lastIndexOf('.') + 1), new Score(primary.getScore(), primary.getScoreError(),
                    allocation == null ? Double.NaN : allocation.getScore()));
        }

        Score auth = scores.get("cachedAuthenticate");
        Score floor = scores.get("floorSha256AndMapGet");
        Score header = scores.get("headerAndShape");
        double ratio = auth.nanos() / floor.nanos();
        StringBuilder table = new StringBuilder("| benchmark | what it does | ns/op | ± (99.9 % CI) | bytes allocated/op |\n"
                + "|---|---|---:|---:|---:|\n");
        row(table, scores, "cachedAuthenticate", "`PatAuth.authenticate(token, clientAddress)`, token cached:"
                + " the filter's path, with the throttle's look at the address and an `AuthResult`");
        row(table, scores, "floorSha256AndMapGet", "floor: SHA-256 of the 50 bytes (reused `MessageDigest`) + one"
                + " `ConcurrentHashMap.get` by digest key");
        row(table, scores, "cachedAuthenticate10k", "the same over 10,000 cached tokens, visited in a shuffled cycle");
        row(table, scores, "floorSha256AndMapGet10k", "the floor over a map of 10,000 digests, same cycle");
        row(table, scores, "headerAndShape", "`BearerCredentials.parse(header)` + `PatAuth.isWellFormed`");
        row(table, scores, "breakdownHeaderParse", "breakdown: `BearerCredentials.parse` alone");
        row(table, scores, "breakdownShapeCheck", "breakdown: `PatAuth.isWellFormed` alone: shape and CRC32 checksum");
        Score many = scores.get("cachedAuthenticate10k");
        Score manyFloor = scores.get("floorSha256AndMapGet10k");
        report.section("JMH: the cost of one authentication", String.format(Locale.ROOT, """
                JMH 1.37, average time, 1 thread, %d forks × %d warm-up and %d measured iterations of 1 s. The
                engine runs on the same PostgreSQL as the rest (created with `.jdbcUrl(…)`, NOTIFY invalidation);
                its token is created and authenticated once in setup, so the measured calls never reach the
                database. Like any app, the benchmark calls only patauth's public API, every call from one client
                address. Cached authentication costs **%s×** the floor with one token and **%s×** the floor with
                10,000 tokens. Bytes allocated per call come from JMH's GC profiler (`gc.alloc.rate.norm`).

                %s""", forks, iterations, iterations, f2(ratio), f2(many.nanos() / manyFloor.nanos()), table));
        report.goal("Cached authentication within 2× the JMH floor",
                String.format(Locale.ROOT, "1 token: %s ns vs %s ns, %s×; 10,000 tokens: %s ns vs %s ns, %s×",
                        f1(auth.nanos()), f1(floor.nanos()), f2(ratio), f1(many.nanos()), f1(manyFloor.nanos()),
                        f2(many.nanos() / manyFloor.nanos())), ratio <= 2.0 && many.nanos() / manyFloor.nanos() <= 2.0);
        report.headline("Cached `PatAuth.authenticate` (JMH)", String.format(Locale.ROOT,
                "%s ns (floor: SHA-256 + map get %s ns)", f1(auth.nanos()), f1(floor.nanos())));
        report.headline("Header extraction + shape check (JMH)", f1(header.nanos()) + " ns");
        return scores;
    }

    private static void row(StringBuilder table, Map<String, Score> scores, String name, String what) {
        Score score = scores.get(name);
        table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f |\n", name, what, f1(score.nanos()),
                f1(score.error()), score.bytesPerOp()));
    }
}
