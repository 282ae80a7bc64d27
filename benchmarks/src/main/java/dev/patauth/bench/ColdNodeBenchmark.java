package dev.patauth.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.PatAuth;
import dev.patauth.PatAuthStatistics;
import dev.patauth.servlet.PatAuthFilter;
import dev.patauth.testing.CountingDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * Issue 15, "a fresh node meets 10,000 distinct valid tokens": a new webapp with a new engine
 * (empty cache) behind embedded Jetty, and 64 clients that start together and send every token
 * several times over, the first pass in a shuffled order. What it shows: that the node asks the
 * database exactly once per token however many clients ask for it at once, that the engine's
 * pool does not run out (no 503), the latency clients see while the cache fills and after, and
 * how long until the node answers everything from memory. It runs twice, once with the pool
 * patauth opens itself for {@code patauth.jdbc.url} (its default size, a 3-second wait for a
 * connection before a 503) and once with an app's HikariCP pool at Hikari's defaults handed over
 * as a DataSource (10 connections, one of them the revocation listener's, 30-second wait).
 */
final class ColdNodeBenchmark {

    /** How much to run: distinct tokens, passes over them, concurrent clients. */
    record Settings(int tokens, int passes, int clients) {
    }

    /** How often the server samples the engine's counters to see when the cache is full. */
    private static final long SAMPLE_NANOS = 5_000_000;

    /** One engine configuration under test. */
    private record Variant(String label, String description) {
    }

    /** What one run found. */
    private record Outcome(Variant variant, Map<String, String> client, long lookups, long selects, long unavailable,
                           long authenticated, double cacheFullMillis, double rateBefore, double rateAfter,
                           double lookupMeanMicros, double lookupMaxMicros) {

        long status(int code) {
            return Long.parseLong(client.getOrDefault("status." + code, "0"));
        }

        long requests() {
            return Long.parseLong(client.get("requests"));
        }

        long micros(String field) {
            return Long.parseLong(client.get(field));
        }
    }

    private ColdNodeBenchmark() {
    }

    static void run(Settings settings, Path workDir, Report report) throws Exception {
        try (BenchDatabase database = BenchDatabase.create()) {
            // an engine with auto-create makes the tables; the tokens are then bulk-loaded as rows
            PatAuth.builder().jdbcUrl(database.url(), null, null).build().close();
            Progress.say("cold node: minting and loading %,d tokens", settings.tokens());
            List<String> tokens = BulkTokens.mint(settings.tokens(), 15_001);
            BulkTokens.loadActive(database.url(), tokens, "cold-user-", 10);
            List<String> shuffled = new ArrayList<>(tokens);
            Collections.shuffle(shuffled, new Random(15));
            Path file = new TokenFiles(workDir).write("coldnode.txt", shuffled);

            List<Outcome> outcomes = new ArrayList<>();
            try (BenchServer server = new BenchServer()) {
                outcomes.add(once(settings, server, file, database.url(), "/cold-own", new Variant("own pool",
                        "patauth's own pool (`patauth.jdbc.url`, default `patauth.jdbc.pool-size` of 4 per the README,"
                                + " opened one at a time while requests wait, 3 s connection wait, the LISTEN connection apart)")));
                outcomes.add(once(settings, server, file, database.url(), "/cold-app", new Variant("app pool",
                        "the app's HikariCP pool at Hikari's defaults (10 connections incl. the LISTEN one, 30 s wait), as a DataSource")));
            }
            write(settings, outcomes, report);
        }
    }

    private static Outcome once(Settings settings, BenchServer server, Path tokens, String jdbcUrl, String path,
                                Variant variant) throws Exception {
        HikariDataSource appPool = null;
        CountingDataSource counted = null;
        PatAuth.Builder builder = PatAuth.builder();
        if (variant.label().equals("own pool")) {
            builder.jdbcUrl(jdbcUrl, null, null);
        } else {
            HikariConfig config = new HikariConfig();
            config.setPoolName("cold-app");
            config.setJdbcUrl(jdbcUrl);
            appPool = new HikariDataSource(config);
            counted = new CountingDataSource(appPool);
            builder.dataSource(counted);
        }
        PatAuth engine = builder.build();
        try {
            ServletContextHandler context = server.mount(path, Optional.of(new PatAuthFilter()), Optional.of(engine));
            List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    PatAuthStatistics s = engine.statistics();
                    samples.add(new long[] {System.nanoTime(), s.databaseLookups(), s.authenticated()});
                    LockSupport.parkNanos(SAMPLE_NANOS);
                }
            }, "cold-sampler");
            sampler.setDaemon(true);
            sampler.start();
            int requests = settings.tokens() * settings.passes();
            Progress.say("cold node (%s): %,d requests from %d clients", variant.label(), requests, settings.clients());
            Map<String, String> client;
            try {
                client = LoadClient.runProcess(server.port(), path + "/", tokens, requests, settings.clients(), 0,
                        settings.tokens());
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            PatAuthStatistics end = engine.statistics();
            server.unmount(context);

            long start = Long.parseLong(client.get("startNanos"));
            long finish = start + Long.parseLong(client.get("millis")) * 1_000_000;
            long[] full = null;
            List<long[]> copy;
            synchronized (samples) {
                copy = new ArrayList<>(samples);
            }
            for (long[] sample : copy) {
                if (sample[1] >= settings.tokens()) {
                    full = sample;
                    break;
                }
            }
            double cacheFullMillis = full == null ? Double.NaN : (full[0] - start) / 1e6;
            double rateBefore = full == null ? Double.NaN : full[2] / ((full[0] - start) / 1e9);
            double rateAfter = full == null || finish <= full[0] ? Double.NaN
                    : (end.authenticated() - full[2]) / ((finish - full[0]) / 1e9);
            Outcome outcome = new Outcome(variant, client, end.databaseLookups(),
                    counted == null ? -1 : counted.counts().selects(), end.unavailable(), end.authenticated(),
                    cacheFullMillis, rateBefore, rateAfter,
                    end.databaseLookups() == 0 ? Double.NaN : end.databaseLookupTime().toNanos() / 1e3 / end.databaseLookups(),
                    end.databaseLookupMax().toNanos() / 1e3);
            Progress.say("  %,d lookups, %s, first-pass p99 %,d µs, cache full after %.0f ms", outcome.lookups(),
                    statuses(client), outcome.micros("first.p99"), cacheFullMillis);
            return outcome;
        } finally {
            engine.close();
            if (appPool != null) {
                appPool.close();
            }
        }
    }

    private static String statuses(Map<String, String> client) {
        String statuses = client.entrySet().stream().filter(e -> e.getKey().startsWith("status."))
                .map(e -> String.format(Locale.ROOT, "%s: %,d", e.getKey().substring(7), Long.parseLong(e.getValue())))
                .collect(Collectors.joining(", "));
        return "0".equals(client.get("ioErrors")) ? statuses : statuses + ", I/O errors: " + client.get("ioErrors");
    }

    private static void write(Settings settings, List<Outcome> outcomes, Report report) {
        int n = settings.tokens();
        StringBuilder table = new StringBuilder("| | " + outcomes.stream().map(o -> o.variant().label())
                .collect(Collectors.joining(" | ")) + " |\n|---|" + "---:|".repeat(outcomes.size()) + "\n");
        row(table, "requests", outcomes, o -> String.format(Locale.ROOT, "%,d", o.requests()));
        row(table, "responses", outcomes, o -> statuses(o.client()));
        row(table, "database lookups (`statistics().databaseLookups()`)", outcomes,
                o -> String.format(Locale.ROOT, "%,d", o.lookups()));
        row(table, "SELECTs counted at the pool", outcomes,
                o -> o.selects() < 0 ? "— (patauth's own pool)" : String.format(Locale.ROOT, "%,d", o.selects()));
        row(table, "lookup time mean / max, connection wait included (`databaseLookupTime()`, `databaseLookupMax()`)",
                outcomes, o -> Stats.ms(o.lookupMeanMicros()) + " / " + Stats.ms(o.lookupMaxMicros()));
        row(table, "`statistics().unavailable()` (503)", outcomes, o -> String.format(Locale.ROOT, "%,d", o.unavailable()));
        row(table, "latency p50 / p90 / p99 / max, all requests", outcomes, o -> latencies(o, ""));
        row(table, String.format(Locale.ROOT, "latency p50 / p90 / p99 / max, first pass (%,d requests)", n), outcomes,
                o -> latencies(o, "first."));
        row(table, "first pass done after", outcomes, o -> o.client().get("firstPassMillis") + " ms");
        row(table, String.format(Locale.ROOT, "lookups reached %,d after", n), outcomes,
                o -> Double.isNaN(o.cacheFullMillis()) ? "never" : Stats.f0(o.cacheFullMillis()) + " ms");
        row(table, "requests/s until then", outcomes, o -> Stats.f0(o.rateBefore()));
        row(table, "requests/s after (cache full)", outcomes, o -> Stats.f0(o.rateAfter()));
        row(table, "whole run", outcomes, o -> Stats.f1(Long.parseLong(o.client().get("millis")) / 1000.0) + " s");

        report.section("Cold node: " + String.format(Locale.ROOT, "%,d", n) + " distinct tokens from "
                + settings.clients() + " clients", String.format(Locale.ROOT, """
                A database of its own holds %,d active tokens (minted and COPY-loaded by `BulkTokens`). For each
                column a fresh engine (empty cache) is mounted as a fresh webapp on embedded Jetty (`PatAuthFilter`
                in front of a servlet answering `hello`), and a load client in a separate JVM (`LoadClient`, %d
                threads, one keep-alive connection each, opened before a barrier so all %d start at once) sends
                %,d requests: %d passes over the %,d tokens in one shuffled order, so the first pass is %,d distinct
                tokens arriving %d at a time. Latency is from writing a request to reading the last byte of its
                response, per request, nearest-rank percentiles; the first pass is the first %,d requests handed
                out. A thread in the server samples `statistics()` every 5 ms; "lookups reached %,d" is the first
                sample at which `databaseLookups()` did, counted from the client's start (both read
                `System.nanoTime()`, one monotonic clock on Linux), and the request rates are the engine's
                `authenticated()` before and after that sample. Columns:

                - own pool: %s.
                - app pool: %s; SELECTs are also counted by a counting DataSource around it.

                The engine has the defaults otherwise (NOTIFY invalidation, cache TTL 5 min). The load client's
                JVM starts cold each time, which adds to the first pass's latency; the server JVM is the
                benchmark's, and PostgreSQL's buffer cache is warm for the second column.

                %s""", n, settings.clients(), settings.clients(), n * settings.passes(), settings.passes(), n, n,
                settings.clients(), n, n, outcomes.get(0).variant().description(), outcomes.get(1).variant().description(),
                table));

        boolean exact = outcomes.stream().allMatch(o -> o.lookups() == n && (o.selects() < 0 || o.selects() == n));
        report.goal(String.format(Locale.ROOT, "A fresh node meeting %,d distinct valid tokens from %d clients looks each up"
                        + " exactly once", n, settings.clients()),
                outcomes.stream().map(o -> String.format(Locale.ROOT, "%s: %,d lookups%s", o.variant().label(), o.lookups(),
                        o.selects() < 0 ? "" : String.format(Locale.ROOT, ", %,d SELECTs", o.selects())))
                        .collect(Collectors.joining("; ")), exact);
        boolean no503 = outcomes.stream().allMatch(o -> o.status(503) == 0 && o.unavailable() == 0
                && o.status(200) == o.requests());
        report.goal("No 503 from pool exhaustion on a cold node (every request 200)",
                outcomes.stream().map(o -> o.variant().label() + ": " + statuses(o.client()))
                        .collect(Collectors.joining("; ")), no503);
        for (Outcome o : outcomes) {
            report.headline(String.format(Locale.ROOT, "Cold node, %,d distinct tokens from %d clients (%s)", n,
                    settings.clients(), o.variant().label()), String.format(Locale.ROOT,
                    "%,d lookups; first-pass p99 %s, all %,d requests p99 %s; served from cache after %s ms",
                    o.lookups(), Stats.ms(o.micros("first.p99")), o.requests(), Stats.ms(o.micros("p99")),
                    Double.isNaN(o.cacheFullMillis()) ? "—" : Stats.f0(o.cacheFullMillis())));
        }
    }

    private static String latencies(Outcome o, String prefix) {
        return String.format(Locale.ROOT, "%s / %s / %s / %s", Stats.ms(o.micros(prefix + "p50")),
                Stats.ms(o.micros(prefix + "p90")), Stats.ms(o.micros(prefix + "p99")), Stats.ms(o.micros(prefix + "max")));
    }

    private static void row(StringBuilder table, String label, List<Outcome> outcomes,
                            java.util.function.Function<Outcome, String> cell) {
        table.append("| ").append(label).append(" | ")
                .append(outcomes.stream().map(cell).collect(Collectors.joining(" | "))).append(" |\n");
    }
}
