package dev.patauth.bench;

import static dev.patauth.bench.Stats.f0;
import static dev.patauth.bench.Stats.f1;
import static dev.patauth.bench.Stats.f2;
import static dev.patauth.bench.Stats.f3;
import static dev.patauth.bench.Stats.median;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.AuthResult;
import dev.patauth.PatAuth;
import dev.patauth.servlet.PatAuthFilter;
import dev.patauth.testing.CountingDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * The HTTP part: one embedded Jetty and one database for every scenario, wrk over loopback,
 * scenarios alternated round-robin, each figure reported with its spread over the rounds; then the
 * floods, counted at the JDBC boundary.
 *
 * <p>The primary measure is the server's CPU per request, and a scenario's figure is the ratio of
 * (a)'s to its own in the same round. After {@code minRounds} rounds of every scenario, rounds of
 * only (a), (b1) and (b10k) follow until the 95 % intervals of both (b) ratios are within ±3 % of
 * their means, or {@code maxRounds} or {@code roundsTimeLimit} stops them.
 */
final class HttpBenchmark {

    /**
     * How much to run. {@code roundsTimeLimit} bounds the warm-up and rounds together; no round is
     * started that would end after it.
     */
    record Settings(int minRounds, int maxRounds, Duration roundsTimeLimit, Duration run, Duration coldRun,
                    Duration warmup, int cachedTokens, int coldTokens, int wrkThreads, int wrkConnections,
                    int floodRequests, int floodDistinct, int floodThreads, int perAddress, String wrkCpus,
                    Optional<Path> jfrDirectory) {
    }

    /** The rounds stop once both (b) ratios' 95 % intervals are this narrow (half-width over mean). */
    static final double TARGET_HALF_WIDTH = 0.03;

    enum Scenario {
        PLAIN("(a)", "no filter"),
        PAT_ONE("(b1)", "patauth, 1 cached token"),
        PAT_MANY("(b10k)", "patauth, %,d cached tokens"),
        NAIVE("(c)", "naive filter: one SELECT by hash per request"),
        COLD("(d)", "patauth cold: every request a new, uncached token");

        final String label;
        final String description;

        Scenario(String label, String description) {
            this.label = label;
            this.description = description;
        }
    }

    /** The scenarios run in every round; (c) and (d) are baselines and run only in the first {@code minRounds}. */
    private static final List<Scenario> PAIRED = List.of(Scenario.PLAIN, Scenario.PAT_ONE, Scenario.PAT_MANY);

    record Run(Scenario scenario, int round, Wrk.Result wrk, Cpu.Sample cpu, CountingDataSource.Counts db) {

        double serverMicrosPerRequest() {
            return cpu.serverNanos() / 1000.0 / wrk.requests();
        }

        double databaseMicrosPerRequest() {
            return cpu.databaseNanos() / 1000.0 / wrk.requests();
        }

        double threadsMicrosPerRequest(String... prefixes) {
            return cpu.threadsNanos(prefixes) / 1000.0 / wrk.requests();
        }
    }

    private static final Duration LAST_USED_INTERVAL = Duration.ofMinutes(1);

    private final Settings settings;
    private final String jdbcUrl;
    private final Path workDir;
    private final Report report;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    private BenchServer server;
    private Wrk wrk;
    private PatAuth cachedEngine;
    private CountingDataSource cachedDatabase;
    private CountingDataSource naiveDatabase;
    private CountingDataSource coldDatabase;
    private CountingDataSource floodDatabase;
    private Path oneToken;
    private Path cachedTokens;
    private Path coldTokens;
    private int coldSerial;

    HttpBenchmark(Settings settings, String jdbcUrl, Path workDir, Report report) {
        this.settings = settings;
        this.jdbcUrl = jdbcUrl;
        this.workDir = workDir;
        this.report = report;
    }

    /**
     * Per scenario, for the analysis of a missed goal: the ratios to (a) with their spread over rounds
     * ({@code cpuRatio} is (a)'s server CPU per request over the scenario's, {@code rpsSpread} the
     * scenario's requests/s over (a)'s), and medians over rounds.
     */
    record Summary(Map<Scenario, Stats.Spread> cpuRatio, Map<Scenario, Stats.Spread> rpsSpread,
                   Map<Scenario, Double> rpsRatio, Map<Scenario, Double> serverMicrosPerRequest,
                   Map<Scenario, Double> jettyMicrosPerRequest, Map<Scenario, Double> commonPoolMicrosPerRequest) {
    }

    Summary run() throws Exception {
        try {
            prepare();
            List<Run> runs = alternate();
            reportScenarios(runs);
            floods();
            Map<Scenario, Double> cpu = new EnumMap<>(Scenario.class);
            Map<Scenario, Double> jetty = new EnumMap<>(Scenario.class);
            Map<Scenario, Double> common = new EnumMap<>(Scenario.class);
            for (Scenario scenario : Scenario.values()) {
                List<Run> list = runs.stream().filter(r -> r.scenario() == scenario).toList();
                cpu.put(scenario, median(list.stream().map(Run::serverMicrosPerRequest).toList()));
                jetty.put(scenario, median(list.stream().map(r -> r.threadsMicrosPerRequest("bench-http")).toList()));
                common.put(scenario, median(list.stream()
                        .map(r -> r.threadsMicrosPerRequest("ForkJoinPool.commonPool")).toList()));
            }
            return new Summary(cpuRatios(runs), rpsRatios(runs), headlineRatio, cpu, jetty, common);
        } finally {
            if (server != null) {
                server.close();
            }
            if (cachedEngine != null) {
                cachedEngine.close();
            }
            for (int i = closeLast.size() - 1; i >= 0; i--) {
                closeLast.get(i).close();
            }
        }
    }

    private void prepare() throws Exception {
        wrk = new Wrk(workDir, settings.wrkThreads(), settings.wrkConnections(), settings.wrkCpus());
        cachedDatabase = new CountingDataSource(pool("patauth-cached", 11));
        naiveDatabase = new CountingDataSource(pool("naive", 10));
        coldDatabase = new CountingDataSource(pool("patauth-cold", 11));
        floodDatabase = new CountingDataSource(pool("patauth-flood", 11));
        cachedEngine = engine(cachedDatabase);

        Progress.say("creating %,d tokens through PatAuth.create", settings.coldTokens());
        long start = System.nanoTime();
        List<String> tokens = TokenFiles.create(cachedEngine, settings.coldTokens(), 8);
        Progress.say("created them in %.1f s", (System.nanoTime() - start) / 1e9);
        TokenFiles files = new TokenFiles(workDir);
        // (a) and (b1) walk as many lines as (b10k), so wrk does the same work in all three
        oneToken = files.write("one.txt", java.util.Collections.nCopies(settings.cachedTokens(), tokens.get(0)));
        cachedTokens = files.write("cached.txt", tokens.subList(0, settings.cachedTokens()));
        coldTokens = files.write("cold.txt", tokens);

        server = new BenchServer();
        server.mount("/plain", Optional.empty(), Optional.empty());
        server.mount("/pat", Optional.of(new PatAuthFilter()), Optional.of(cachedEngine));
        server.mount("/naive", Optional.of(new NaiveSelectFilter(naiveDatabase)), Optional.empty());

        Progress.say("caching the %,d tokens of (b) in its engine", settings.cachedTokens());
        CountingDataSource.Counts beforeWarm = cachedDatabase.counts();
        for (String token : tokens.subList(0, settings.cachedTokens())) {
            // valid tokens only: the throttle, which counts refusals per address, never has a say
            if (!(cachedEngine.authenticate(token, "127.0.0.1") instanceof AuthResult.Authenticated)) {
                throw new IllegalStateException("a freshly created token was refused");
            }
        }
        warmSelects = cachedDatabase.counts().minus(beforeWarm).selects();
    }

    private long warmSelects;

    /** Why the rounds stopped, for the report. */
    private String stoppedBecause;

    private List<Run> alternate() throws Exception {
        long start = System.nanoTime();
        Progress.say("warm-up: every scenario once for %d s", settings.warmup().toSeconds());
        for (Scenario scenario : Scenario.values()) {
            Run warm = runOnce(scenario, 0, scenario == Scenario.COLD ? settings.coldRun() : settings.warmup());
            Progress.say("  warm-up %-6s %,8.0f req/s", scenario.label, warm.wrk().requestsPerSecond());
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; ; round++) {
            long roundStart = System.nanoTime();
            List<Scenario> order = new ArrayList<>(round <= settings.minRounds() ? List.of(Scenario.values()) : PAIRED);
            if (round % 2 == 0) {
                // every other round backwards, so that a slow drift of the host favours no scenario
                java.util.Collections.reverse(order);
            }
            for (Scenario scenario : order) {
                Run run = runOnce(scenario, round, scenario == Scenario.COLD ? settings.coldRun() : settings.run());
                runs.add(run);
                Progress.say("round %d %-6s %,8.0f req/s  p50 %6d us  p99 %6d us  server CPU %5.1f us/req"
                                + " (jetty %.1f, commonPool %.2f)", round,
                        scenario.label, run.wrk().requestsPerSecond(), run.wrk().p50(), run.wrk().p99(),
                        run.serverMicrosPerRequest(), run.threadsMicrosPerRequest("bench-http"),
                        run.threadsMicrosPerRequest("ForkJoinPool.commonPool"));
            }
            if (round < settings.minRounds()) {
                continue;
            }
            Map<Scenario, Stats.Spread> ratios = cpuRatios(runs);
            Stats.Spread one = ratios.get(Scenario.PAT_ONE);
            Stats.Spread many = ratios.get(Scenario.PAT_MANY);
            Progress.say("after round %d: (a) ÷ (b1) server CPU per request %s %s, (a) ÷ (b10k) %s %s", round,
                    f3(one.mean()), Stats.plusMinus(one), f3(many.mean()), Stats.plusMinus(many));
            long now = System.nanoTime();
            if (one.relativeHalfWidth() < TARGET_HALF_WIDTH && many.relativeHalfWidth() < TARGET_HALF_WIDTH) {
                stoppedBecause = String.format(Locale.ROOT, "both 95 %% intervals were within ±%.0f %%",
                        100 * TARGET_HALF_WIDTH);
            } else if (round >= settings.maxRounds()) {
                stoppedBecause = String.format(Locale.ROOT, "the cap of %d rounds was reached", settings.maxRounds());
            } else if (now + (now - roundStart) - start > settings.roundsTimeLimit().toNanos()) {
                stoppedBecause = String.format(Locale.ROOT, "another round would have passed the time limit of %s"
                        + " for the warm-up and rounds", human(settings.roundsTimeLimit()));
            } else {
                continue;
            }
            Progress.say("rounds stopped after %d (%.0f s): %s", round, (now - start) / 1e9, stoppedBecause);
            return runs;
        }
    }

    /** A scenario's run and (a)'s run of the same round. */
    private record Paired(Run plain, Run run) {
    }

    /** The runs of {@code scenario}, each with (a)'s run of the same round. */
    private static List<Paired> pairedWithPlain(List<Run> runs, Scenario scenario) {
        Map<Integer, Run> plainByRound = runs.stream().filter(r -> r.scenario() == Scenario.PLAIN)
                .collect(Collectors.toMap(Run::round, Function.identity()));
        return runs.stream().filter(r -> r.scenario() == scenario && plainByRound.containsKey(r.round()))
                .map(r -> new Paired(plainByRound.get(r.round()), r)).toList();
    }

    /**
     * Per scenario, each round's (a) server CPU per request over the scenario's: the throughput the
     * server's CPU allows with the scenario, as a fraction of (a)'s; 0.97 means 3 % more CPU per request.
     */
    private static Map<Scenario, Stats.Spread> cpuRatios(List<Run> runs) {
        Map<Scenario, Stats.Spread> ratios = new EnumMap<>(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            ratios.put(scenario, Stats.spread(pairedWithPlain(runs, scenario).stream()
                    .map(p -> p.plain().serverMicrosPerRequest() / p.run().serverMicrosPerRequest()).toList()));
        }
        return ratios;
    }

    /** Per scenario, each round's requests/s over (a)'s in the same round. */
    private static Map<Scenario, Stats.Spread> rpsRatios(List<Run> runs) {
        Map<Scenario, Stats.Spread> ratios = new EnumMap<>(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            ratios.put(scenario, Stats.spread(pairedWithPlain(runs, scenario).stream()
                    .map(p -> p.run().wrk().requestsPerSecond() / p.plain().wrk().requestsPerSecond()).toList()));
        }
        return ratios;
    }

    private final Map<Scenario, Long> scenarioRequests = new EnumMap<>(Scenario.class);
    private long measuredCachedRequests;
    private long measuredCachedSelects;

    private Run runOnce(Scenario scenario, int round, Duration duration) throws Exception {
        String path;
        Path tokens;
        boolean once = false;
        Optional<CountingDataSource> database;
        Optional<PatAuth> coldEngine = Optional.empty();
        Optional<ServletContextHandler> coldContext = Optional.empty();
        switch (scenario) {
            case PLAIN -> {
                path = "/plain";
                tokens = cachedTokens;
                database = Optional.empty();
            }
            case PAT_ONE -> {
                path = "/pat";
                tokens = oneToken;
                database = Optional.of(cachedDatabase);
            }
            case PAT_MANY -> {
                path = "/pat";
                tokens = cachedTokens;
                database = Optional.of(cachedDatabase);
            }
            case NAIVE -> {
                path = "/naive";
                tokens = cachedTokens;
                database = Optional.of(naiveDatabase);
            }
            case COLD -> {
                path = "/cold-" + ++coldSerial;
                tokens = coldTokens;
                once = true;
                database = Optional.of(coldDatabase);
                coldEngine = Optional.of(engine(coldDatabase));
                coldContext = Optional.of(server.mount(path, Optional.of(new PatAuthFilter()), coldEngine));
            }
            default -> throw new IllegalArgumentException(scenario.name());
        }
        CountingDataSource.Counts dbBefore = database.map(CountingDataSource::counts)
                .orElse(new CountingDataSource.Counts(0, 0, 0));
        Optional<jdk.jfr.Recording> recording = round > 0 ? settings.jfrDirectory().map(directory -> profile()) : Optional.empty();
        Cpu.Sample cpuBefore = Cpu.sample();
        Wrk.Result result = wrk.run(server.uri(path), tokens, once, duration);
        Cpu.Sample cpu = Cpu.sample().minus(cpuBefore);
        if (recording.isPresent()) {
            Path file = settings.jfrDirectory().get().resolve(scenario.name().toLowerCase(Locale.ROOT) + "-round" + round + ".jfr");
            recording.get().stop();
            recording.get().dump(file);
            recording.get().close();
        }
        CountingDataSource.Counts db = database.map(CountingDataSource::counts)
                .orElse(new CountingDataSource.Counts(0, 0, 0)).minus(dbBefore);
        if (coldContext.isPresent()) {
            server.unmount(coldContext.get());
            coldEngine.get().close();
        }
        if (result.statusErrors() > 0 || result.socketErrors() > 0) {
            throw new IllegalStateException(scenario.label + " had " + result.statusErrors() + " non-2xx responses and "
                    + result.socketErrors() + " socket errors; every request should have succeeded");
        }
        scenarioRequests.merge(scenario, result.requests(), Long::sum);
        if (round > 0 && (scenario == Scenario.PAT_ONE || scenario == Scenario.PAT_MANY)) {
            measuredCachedRequests += result.requests();
            measuredCachedSelects += db.selects();
        }
        return new Run(scenario, round, result, cpu, db);
    }

    /** A JFR recording of this JVM (the server) for one run, with the "profile" settings. */
    private static jdk.jfr.Recording profile() {
        try {
            jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
            return recording;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("JFR could not start", e);
        }
    }

    private void reportScenarios(List<Run> runs) {
        Map<Scenario, List<Run>> byScenario = runs.stream()
                .collect(Collectors.groupingBy(Run::scenario, () -> new EnumMap<>(Scenario.class), Collectors.toList()));
        Map<Integer, Run> plainByRound = byScenario.get(Scenario.PLAIN).stream()
                .collect(Collectors.toMap(Run::round, Function.identity()));
        Map<Scenario, Double> rpsRatio = new EnumMap<>(Scenario.class);
        Map<Scenario, Double> medianRps = new EnumMap<>(Scenario.class);
        StringBuilder table = new StringBuilder();
        table.append("| scenario | requests/s | ratio to (a) | p50 | ratio | p99 | ratio | server CPU per request"
                + " | database CPU per request | SELECTs per 1,000 requests |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario scenario : Scenario.values()) {
            List<Run> list = byScenario.get(scenario);
            double rps = median(list.stream().map(r -> r.wrk().requestsPerSecond()).toList());
            double p50 = median(list.stream().map(r -> (double) r.wrk().p50()).toList());
            double p99 = median(list.stream().map(r -> (double) r.wrk().p99()).toList());
            double cpu = median(list.stream().map(Run::serverMicrosPerRequest).toList());
            double dbCpu = median(list.stream().map(Run::databaseMicrosPerRequest).toList());
            double selects = list.stream().mapToLong(r -> r.db().selects()).sum() * 1000.0
                    / list.stream().mapToLong(r -> r.wrk().requests()).sum();
            // each round's ratio pairs runs minutes apart at most; the median of those resists drift
            double ratio = median(list.stream().map(r -> r.wrk().requestsPerSecond()
                    / plainByRound.get(r.round()).wrk().requestsPerSecond()).toList());
            double p50Ratio = median(list.stream().map(r -> (double) r.wrk().p50()
                    / plainByRound.get(r.round()).wrk().p50()).toList());
            double p99Ratio = median(list.stream().map(r -> (double) r.wrk().p99()
                    / plainByRound.get(r.round()).wrk().p99()).toList());
            rpsRatio.put(scenario, ratio);
            medianRps.put(scenario, rps);
            table.append(String.format(Locale.ROOT, "| %s %s | %s | %s | %s | %s | %s | %s | %s µs | %s µs | %s |\n",
                    scenario.label, describe(scenario), f0(rps), f3(ratio), Stats.ms(p50), f2(p50Ratio), Stats.ms(p99),
                    f2(p99Ratio), f1(cpu), f1(dbCpu), f1(selects)));
        }

        Map<Scenario, Stats.Spread> cpuRatio = cpuRatios(runs);
        Map<Scenario, Stats.Spread> rpsSpread = rpsRatios(runs);
        table.append("\nThe same with their spread over the rounds: the mean of the rounds, the smallest and largest"
                + " round, and the Student-t 95 % interval of the mean. A ratio is each round's figure against the same"
                + " round's (a), then averaged over the rounds; for CPU per request it is (a)'s over the scenario's, so"
                + " that, like requests/s, below 1 means the scenario costs more.\n\n"
                + "| scenario | server CPU per request | (a)'s server CPU per request ÷ the scenario's (primary)"
                + " | requests/s ÷ (a)'s |\n|---|---:|---:|---:|\n");
        for (Scenario scenario : Scenario.values()) {
            Stats.Spread cpu = Stats.spread(byScenario.get(scenario).stream().map(Run::serverMicrosPerRequest).toList());
            boolean plain = scenario == Scenario.PLAIN;
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |\n", scenario.label, Stats.figure(cpu, "µs"),
                    plain ? "—" : Stats.ratio(cpuRatio.get(scenario)), plain ? "—" : Stats.ratio(rpsSpread.get(scenario))));
        }

        table.append("\nWhere the server's CPU per request went, by thread (medians; `ThreadMXBean.getThreadCpuTime`):\n\n"
                + "| scenario | Jetty's threads (HTTP, filter, servlet) | common ForkJoinPool (Caffeine's cache maintenance) |"
                + " patauth's own threads | everything else (GC, JIT, …) |\n|---|---:|---:|---:|---:|\n");
        for (Scenario scenario : Scenario.values()) {
            List<Run> list = byScenario.get(scenario);
            double jetty = median(list.stream().map(r -> r.threadsMicrosPerRequest("bench-http")).toList());
            double common = median(list.stream().map(r -> r.threadsMicrosPerRequest("ForkJoinPool.commonPool")).toList());
            double patauth = median(list.stream().map(r -> r.threadsMicrosPerRequest("patauth")).toList());
            double rest = median(list.stream().map(r -> r.serverMicrosPerRequest() - r.threadsMicrosPerRequest("bench-http",
                    "ForkJoinPool.commonPool", "patauth")).toList());
            table.append(String.format(Locale.ROOT, "| %s | %s µs | %s µs | %s µs | %s µs |\n", scenario.label, f2(jetty),
                    f2(common), f2(patauth), f2(rest)));
        }

        StringBuilder raw = new StringBuilder("| round | scenario | requests | requests/s | p50 | p90 | p99 | server CPU"
                + " per request | SELECTs |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run run : runs) {
            raw.append(String.format(Locale.ROOT, "| %d | %s | %,d | %s | %d µs | %d µs | %d µs | %s µs | %,d |\n",
                    run.round(), run.scenario().label, run.wrk().requests(), f0(run.wrk().requestsPerSecond()),
                    run.wrk().p50(), run.wrk().p90(), run.wrk().p99(), f1(run.serverMicrosPerRequest()), run.db().selects()));
        }

        int rounds = byScenario.get(Scenario.PLAIN).size();
        Stats.Spread b1 = cpuRatio.get(Scenario.PAT_ONE);
        Stats.Spread b10k = cpuRatio.get(Scenario.PAT_MANY);
        String stopped = String.format(Locale.ROOT, "They stopped after %d rounds because %s: the 95 %% intervals of"
                + " (a)'s CPU per request over (b)'s were %s with 1 token and %s with %,d tokens.", rounds, stoppedBecause,
                Stats.plusMinus(b1), Stats.plusMinus(b10k), settings.cachedTokens());

        List<Run> cold = byScenario.get(Scenario.COLD);
        long coldRequests = cold.stream().mapToLong(r -> r.wrk().requests()).sum();
        long coldSelects = cold.stream().mapToLong(r -> r.db().selects()).sum();
        long coldWrapped = cold.stream().mapToLong(r -> r.wrk().wrapped()).sum();

        report.section("HTTP: alternating scenarios", String.format(Locale.ROOT, """
                One embedded Jetty %s (ee10) in one JVM serves every scenario, each as its own webapp in front of
                the same trivial servlet (it answers `hello`); one PostgreSQL database holds the tokens. Load comes
                from wrk (%s) in a separate process over loopback, every request carrying `Authorization: Bearer
                pat_…`; wrk's Lua script walks a list of %,d prepared requests in every scenario, so wrk does the
                same work throughout. After one warm-up run of each scenario (%d s, %d s for (d)), the scenarios
                ran round-robin (%d s per run, %d s for (d)), every other round in reverse order so that a drift of
                the host over the run (a run's first rounds have been seen slower) favours no scenario. All five ran
                in the first %d rounds; then rounds of only (a), (b1) and (b10k) followed until the 95 %% intervals of
                both (b) ratios below were within ±%.0f %% of their means, or %d rounds, or %s for the warm-up and
                rounds together. %s (c) and (d) are baselines and ran only in the first %d.

                The primary measure is the server's CPU per request: the server JVM's process CPU time
                (`OperatingSystemMXBean.getProcessCpuTime`) over the run divided by the requests wrk completed.
                wrk shares the 2 cores with the server, so requests/s also moves with what wrk and the host
                take, while CPU per request follows what the server spends. (a)'s CPU per request over (b)'s, from
                the same round, is the throughput the server's CPU allows with the filter as a fraction of
                without: 0.97 means the filter adds 3 %% to the CPU per request. The goal is met when its mean over
                the rounds is at least 0.97; where the 95 %% interval reaches below 0.97 as well, this run cannot
                tell at that confidence on which side of 0.97 the filter lies, only that the mean is on the met
                side. The first table gives medians over the rounds, and a ratio there is the median of each
                round's figure divided by the same round's (a); database CPU is the user+system time of all
                `postgres` processes (from /proc) over the same run.

                - (a) no filter; requests carry the %,d tokens of (b10k), which nothing reads.
                - (b) one engine; all its tokens were created through `PatAuth.create` and authenticated once in
                  process before the warm-up, so every request is a cache hit. (b1) sends one token (%,d identical
                  lines), (b10k) cycles through %,d distinct tokens.
                - (c) hashes the token and runs `SELECT user_id FROM patauth_token WHERE token_hash = ? AND
                  revoked_at IS NULL` (the unique index on token_hash) through a HikariCP pool of 10, per request.
                - (d) mounts a fresh webapp with a fresh engine (empty cache) each run; the Lua script gives each
                  wrk thread its own share of %,d tokens and sends each at most once, so every request is a cache
                  miss: %,d requests, %,d SELECTs, and the token lists wrapped around %d times (0: no token was sent twice). Its pool has 11 connections, one of which the
                  engine's LISTEN connection holds (the engine was handed a DataSource), leaving 10 as in (c).
                - Every engine: PostgreSQL NOTIFY invalidation, cache TTL 1 h (so nothing expires mid-run),
                  last-used interval %s. SELECTs are counted by a counting DataSource around each pool (a JDK proxy;
                  it adds a little CPU to (c) and (d) alike).

                %s
                <details><summary>Every run</summary>

                %s
                </details>
                """, org.eclipse.jetty.util.Jetty.VERSION, wrk.settings(), settings.cachedTokens(),
                settings.warmup().toSeconds(), settings.coldRun().toSeconds(), settings.run().toSeconds(),
                settings.coldRun().toSeconds(), settings.minRounds(), 100 * TARGET_HALF_WIDTH, settings.maxRounds(),
                human(settings.roundsTimeLimit()), stopped, settings.minRounds(), settings.cachedTokens(),
                settings.cachedTokens(), settings.cachedTokens(), settings.coldTokens(), coldRequests, coldSelects,
                coldWrapped, human(LAST_USED_INTERVAL), table, raw));

        report.goal("(b) ≥ 0.97× no filter, by server CPU per request (95 % CI)",
                "(a)'s CPU per request over (b)'s, 1 token: " + Stats.ratio(b1) + straddles(b1) + "; "
                        + String.format(Locale.ROOT, "%,d", settings.cachedTokens()) + " tokens: " + Stats.ratio(b10k)
                        + straddles(b10k) + ". Requests/s over (a)'s: " + Stats.ratio(rpsSpread.get(Scenario.PAT_ONE))
                        + " and " + Stats.ratio(rpsSpread.get(Scenario.PAT_MANY)),
                b1.mean() >= 0.97 && b10k.mean() >= 0.97);
        double naive = rpsRatio.get(Scenario.NAIVE);
        report.goal("(c) reported as the baseline it is: what one SELECT per request costs",
                f3(naive) + " of (a): the SELECT per request costs " + f0((1 - naive) * 100) + " % of the throughput"
                        + (naive < 0.5 ? " (more than half)" : " (less than half)"), true);

        headlineRps = medianRps;
        headlineRatio = rpsRatio;
        headlineTable(byScenario, cpuRatio);
    }

    /** A note when the interval reaches across 0.97, so that the goal's verdict rests on the mean alone. */
    private static String straddles(Stats.Spread ratio) {
        return ratio.low() < 0.97 && ratio.high() >= 0.97 ? " (the interval straddles 0.97)" : "";
    }

    private Map<Scenario, Double> headlineRps;
    private Map<Scenario, Double> headlineRatio;

    private void headlineTable(Map<Scenario, List<Run>> byScenario, Map<Scenario, Stats.Spread> cpuRatio) {
        for (Scenario scenario : Scenario.values()) {
            List<Run> list = byScenario.get(scenario);
            double p99 = median(list.stream().map(r -> (double) r.wrk().p99()).toList());
            double cpu = median(list.stream().map(Run::serverMicrosPerRequest).toList());
            Stats.Spread ratio = cpuRatio.get(scenario);
            String byCpu = scenario == Scenario.PLAIN ? "" : String.format(Locale.ROOT,
                    "**%s×** no filter by server CPU per request (95 %% CI %s–%s, n=%d); ", f2(ratio.mean()),
                    f2(ratio.low()), f2(ratio.high()), ratio.n());
            report.headline(scenario.label + " " + describe(scenario), byCpu + f2(headlineRatio.get(scenario))
                    + "× the requests/s of no filter (median of per-round ratios; median " + f0(headlineRps.get(scenario))
                    + " req/s), p99 " + Stats.ms(p99) + ", " + f1(cpu) + " µs server CPU per request");
        }
    }

    private String describe(Scenario scenario) {
        return String.format(Locale.ROOT, scenario.description, settings.cachedTokens());
    }

    private void floods() throws Exception {
        // last-used writes of the cached engine over the whole alternating run, before its shutdown flush
        CountingDataSource.LastUsedWrites writes = cachedDatabase.lastUsedWrites();
        CountingDataSource.Counts cachedCounts = cachedDatabase.counts();
        reportDatabaseLoad(writes, cachedCounts);

        Progress.say("minting %,d well-formed tokens on a throwaway engine", settings.floodRequests());
        List<String> unknown = BenchmarkTokens.unknown(settings.floodRequests(), 8);
        // each flood has an engine (and so a cache) of its own, so the few may be some of the all
        List<String> unknownFewTokens = unknown.subList(0, settings.floodDistinct());
        TokenFiles files = new TokenFiles(workDir);
        Path badChecksum = files.write("bad-checksum.txt", BenchmarkTokens.withBadChecksum(unknownFewTokens));
        Path unknownFew = files.write("unknown-few.txt", unknownFewTokens);
        Path unknownAll = files.write("unknown-all.txt", unknown);

        int n = settings.floodRequests();
        int distinct = settings.floodDistinct();
        record Flood(String what, Path tokens, int perAddress, long expectedSelects) {
        }
        List<Flood> floods = List.of(
                new Flood(String.format(Locale.ROOT, "bad checksum (%,d distinct, cycled), many addresses", distinct),
                        badChecksum, settings.perAddress(), 0),
                new Flood(String.format(Locale.ROOT, "well-formed unknown (%,d distinct, cycled), many addresses", distinct),
                        unknownFew, settings.perAddress(), distinct),
                new Flood(String.format(Locale.ROOT, "well-formed unknown (all %,d distinct), many addresses", n),
                        unknownAll, settings.perAddress(), n),
                new Flood(String.format(Locale.ROOT, "well-formed unknown (all %,d distinct), one address", n),
                        unknownAll, 0, -1));
        StringBuilder table = new StringBuilder("| flood | requests | responses | SELECTs | expected | time |\n"
                + "|---|---:|---|---:|---:|---:|\n");
        Map<String, Long> selectsByFlood = new HashMap<>();
        int serial = 0;
        for (Flood flood : floods) {
            PatAuth engine = engine(floodDatabase);
            ServletContextHandler context = server.mount("/flood-" + ++serial, Optional.of(new PatAuthFilter()),
                    Optional.of(engine));
            CountingDataSource.Counts before = floodDatabase.counts();
            Progress.say("flood: %s", flood.what());
            Map<String, String> result = LoadClient.runProcess(server.port(), "/flood-" + serial + "/", flood.tokens(), n,
                    settings.floodThreads(), flood.perAddress());
            long selects = floodDatabase.counts().minus(before).selects();
            server.unmount(context);
            engine.close();
            selectsByFlood.put(flood.what(), selects);
            String responses = result.entrySet().stream().filter(e -> e.getKey().startsWith("status."))
                    .map(e -> String.format(Locale.ROOT, "%s: %,d", e.getKey().substring(7), Long.parseLong(e.getValue())))
                    .collect(Collectors.joining(", "));
            if (!"0".equals(result.get("ioErrors"))) {
                responses += ", I/O errors: " + result.get("ioErrors");
            }
            table.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %s | %.1f s |\n", flood.what(), n, responses,
                    selects, flood.expectedSelects() < 0 ? "—" : String.format(Locale.ROOT, "%,d", flood.expectedSelects()),
                    Long.parseLong(result.get("millis")) / 1000.0));
            Progress.say("  %,d SELECTs; responses %s", selects, responses);
        }
        report.section("Floods", String.format(Locale.ROOT, """
                %,d requests per flood to a fresh webapp and engine each, from a Java load client in a separate
                process (`LoadClient`, %d threads, keep-alive; it sends an exact number of requests, which wrk
                cannot). "Many addresses" rotates the client's source address through 127.1.0.0/16 every %d requests,
                as a flood from many hosts would, so that a per-address failure throttle (if the filter has one)
                does not hide what the database sees; "one address" sends everything from 127.0.0.1, to show what
                such a throttle does. SELECTs are counted at the JDBC boundary of the engine's pool.
                Negative cache TTL is the default 30 s. The well-formed unknown tokens are real tokens, created by a
                throwaway engine on an in-memory H2 database, so no row of the benchmark's database matches them;
                the bad-checksum tokens are the first %,d of them with their last character changed.

                %s""", n, settings.floodThreads(), settings.perAddress(), distinct, table));
        long bad = selectsByFlood.get(floods.get(0).what());
        long few = selectsByFlood.get(floods.get(1).what());
        long all = selectsByFlood.get(floods.get(2).what());
        report.goal(String.format(Locale.ROOT, "Zero queries for %,d bad-checksum tokens", n),
                String.format(Locale.ROOT, "%,d SELECTs", bad), bad == 0);
        report.goal("One query per distinct well-formed unknown token",
                String.format(Locale.ROOT, "%,d distinct cycled over %,d requests: %,d SELECTs; %,d all distinct: %,d SELECTs",
                        distinct, n, few, n, all), few == distinct && all == n);
        report.headline(String.format(Locale.ROOT, "%,d bad-checksum tokens", n), String.format(Locale.ROOT, "%,d queries", bad));
        report.headline(String.format(Locale.ROOT, "%,d requests with %,d distinct unknown tokens", n, distinct),
                String.format(Locale.ROOT, "%,d queries", few));
    }

    private void reportDatabaseLoad(CountingDataSource.LastUsedWrites writes, CountingDataSource.Counts total) {
        long cachedRequests = scenarioRequests.get(Scenario.PAT_ONE) + scenarioRequests.get(Scenario.PAT_MANY);
        double perThousandSelects = measuredCachedSelects * 1000.0 / measuredCachedRequests;
        double perThousandUpdates = total.updates() * 1000.0 / cachedRequests;
        double perThousandRows = writes.rows() * 1000.0 / cachedRequests;
        boolean gapOk = writes.maxWritesOfOneToken() <= 1
                || writes.minGapNanos() >= LAST_USED_INTERVAL.toNanos() * 99 / 100;
        report.section("Database load of (b)", String.format(Locale.ROOT, """
                Counted at the JDBC boundary of the pool handed to the (b) engine (a counting DataSource wrapper),
                from the end of token creation until before the engine's shutdown flush.

                | | count | per 1,000 (b) requests |
                |---|---:|---:|
                | SELECTs while caching the %,d tokens before the warm-up | %,d | — |
                | SELECTs during the measured (b) rounds (%,d requests) | %,d | %s |
                | UPDATE statements (last-used batches) over all %,d (b) requests | %,d | %s |
                | rows in those batches (one per token per flush) | %,d | %s |

                The last-used recorder flushed %,d times (interval %s); %,d distinct tokens were written, at most %d
                times each, and two writes of one token were never closer than %s (the flush runs with a fixed
                delay of one interval, so this is at least the interval). At the default 1-minute interval a token
                used by many requests costs one row per minute, whatever the request rate.
                """, settings.cachedTokens(), warmSelects, measuredCachedRequests, measuredCachedSelects,
                f3(perThousandSelects), cachedRequests, total.updates(), f3(perThousandUpdates), writes.rows(),
                f2(perThousandRows), writes.flushes(), human(LAST_USED_INTERVAL), writes.tokens(),
                writes.maxWritesOfOneToken(), writes.maxWritesOfOneToken() <= 1 ? "— (no token written twice)"
                        : String.format(Locale.ROOT, "%.1f s", writes.minGapNanos() / 1e9)));
        report.goal("Last-used writes: at most one per token per interval",
                String.format(Locale.ROOT, "%d flushes, each token at most once per flush, min gap %s; %s rows per 1,000 requests",
                        writes.flushes(), writes.maxWritesOfOneToken() <= 1 ? "n/a"
                                : String.format(Locale.ROOT, "%.1f s", writes.minGapNanos() / 1e9), f2(perThousandRows)),
                gapOk && writes.flushes() >= 1);
        report.headline("Database queries while serving cached tokens", String.format(Locale.ROOT,
                "%s SELECTs and %s UPDATE batches per 1,000 requests", f3(perThousandSelects), f3(perThousandUpdates)));
    }

    private PatAuth engine(CountingDataSource database) {
        return PatAuth.builder()
                .dataSource(database)
                .invalidation(PatAuth.Invalidation.NOTIFY)
                .cacheTtl(Duration.ofHours(1))
                .lastUsedInterval(LAST_USED_INTERVAL)
                .build();
    }

    private HikariDataSource pool(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        HikariDataSource pool = new HikariDataSource(config);
        closeLast.add(pool);
        return pool;
    }

    private static String human(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
