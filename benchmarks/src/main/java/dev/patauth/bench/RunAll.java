package dev.patauth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs every patauth benchmark against a fresh PostgreSQL database and writes RESULTS.md.
 * Started by {@code benchmarks/run.sh}, which builds the jar and installs wrk first.
 *
 * <p>Options: {@code --out=FILE} (default benchmarks/RESULTS.md),
 * {@code --parts=jmh,http,propagation,tables,nodes,coldnode,memory,lastused} (the scale parts, from
 * tables on, each use a database of their own),
 * {@code --quick} (a short run to check that everything works; its figures mean little),
 * {@code --wrk-threads=N} (2), {@code --connections=N} (32), {@code --wrk-cpus=LIST} and
 * {@code --server-cpus=LIST} (pin wrk and the server JVM with taskset), {@code --jfr-dir=DIR} (a JFR
 * recording of the server for every measured HTTP run), {@code --max-rounds=N} (40) and
 * {@code --rounds-minutes=M} (16): the caps on the HTTP rounds, which otherwise go on until the (b)
 * ratios' 95 % intervals are within ±3 %.
 */
public final class RunAll {

    private static final String ALL_PARTS = "jmh,http,propagation,tables,nodes,coldnode,memory,lastused";

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(option(args, "--out=", "benchmarks/RESULTS.md"));
        Set<String> parts = Arrays.stream(option(args, "--parts=", ALL_PARTS).split(","))
                .collect(Collectors.toSet());
        boolean quick = Arrays.asList(args).contains("--quick");
        String command = System.getenv().getOrDefault("PATAUTH_BENCH_COMMAND", "benchmarks/run.sh");

        Report report = new Report();
        report.environment("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        report.environment("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
        report.environment("memory", memory());
        report.environment("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + "), server JVM flags: "
                + String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        report.environment("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.environment("load generator", Wrk.version());
        report.environment("patauth", System.getenv().getOrDefault("PATAUTH_BENCH_REVISION", "(revision not given)"));
        if (quick) {
            report.environment("mode", "**--quick**: too short for the figures to mean much");
        }

        Progress.say("creating a fresh database");
        try (BenchDatabase database = BenchDatabase.create()) {
            report.environment("database", database.serverVersion() + " on 127.0.0.1 (a fresh database per run, dropped after)");
            Path work = TokenFiles.privateDirectory();
            try {
                Optional<java.util.Map<String, JmhRun.Score>> jmh = Optional.empty();
                Optional<HttpBenchmark.Summary> http = Optional.empty();
                if (parts.contains("jmh")) {
                    Progress.say("JMH");
                    // the ratio benchmarks one fork per round (5 × 4 forks of ~12 s), the others one fork each: ~5 min
                    JmhRun.Settings jmhSettings = quick ? new JmhRun.Settings(2, 1, 2) : new JmhRun.Settings(5, 1, 5);
                    jmh = Optional.of(JmhRun.run(database.url(), jmhSettings, report));
                }
                if (parts.contains("http")) {
                    Progress.say("HTTP");
                    int wrkThreads = Integer.parseInt(option(args, "--wrk-threads=", "2"));
                    int connections = Integer.parseInt(option(args, "--connections=", "32"));
                    String wrkCpus = option(args, "--wrk-cpus=", "");
                    String serverCpus = option(args, "--server-cpus=", "");
                    if (!serverCpus.isEmpty()) {
                        pin(serverCpus);
                    }
                    Optional<Path> jfr = Optional.of(option(args, "--jfr-dir=", "")).filter(d -> !d.isEmpty()).map(Path::of);
                    if (jfr.isPresent()) {
                        Files.createDirectories(jfr.get());
                    }
                    // rounds: at least minRounds, then (a), (b1), (b10k) until ±3 %, maxRounds or the time limit
                    int maxRounds = Integer.parseInt(option(args, "--max-rounds=", quick ? "4" : "40"));
                    Duration roundsTime = Duration.ofSeconds((long) (60 * Double.parseDouble(
                            option(args, "--rounds-minutes=", quick ? "2.5" : "16"))));
                    HttpBenchmark.Settings settings = quick
                            ? new HttpBenchmark.Settings(2, maxRounds, roundsTime, Duration.ofSeconds(4), Duration.ofSeconds(2),
                            Duration.ofSeconds(3), 2_000, 40_000, wrkThreads, connections, 20_000, 1_000, 8, 25, wrkCpus, jfr)
                            : new HttpBenchmark.Settings(5, maxRounds, roundsTime, Duration.ofSeconds(8), Duration.ofSeconds(3),
                            Duration.ofSeconds(10), 10_000, 60_000, wrkThreads, connections, 100_000, 1_000, 8, 25, wrkCpus, jfr);
                    http = Optional.of(new HttpBenchmark(settings, database.url(), work, report).run());
                }
                if (parts.contains("propagation")) {
                    Progress.say("revocation propagation");
                    PropagationBenchmark.run(database.url(), 20, quick ? 200 : 300, report);
                }
                if (parts.contains("tables")) {
                    Progress.say("how the cost grows with the token table");
                    TableSizeBenchmark.run(quick, report);
                }
                if (parts.contains("nodes")) {
                    Progress.say("many nodes on one database");
                    ManyNodesBenchmark.run(quick, report);
                }
                if (parts.contains("coldnode")) {
                    Progress.say("cold node");
                    ColdNodeBenchmark.run(quick ? new ColdNodeBenchmark.Settings(2_000, 3, 64)
                            : new ColdNodeBenchmark.Settings(10_000, 5, 64), work, report);
                }
                if (parts.contains("memory")) {
                    Progress.say("memory per cached token");
                    MemoryBenchmark.run(quick ? List.of(10_000, 50_000) : List.of(100_000, 1_000_000), work, report);
                }
                if (parts.contains("lastused")) {
                    Progress.say("last-used flush at scale");
                    LastUsedScaleBenchmark.run(quick ? new LastUsedScaleBenchmark.Settings(20_000, Duration.ofSeconds(4), 4, 2_000)
                            : new LastUsedScaleBenchmark.Settings(100_000, Duration.ofSeconds(10), 4, 2_000), report);
                }
                Analysis.write(report, jmh, http);
            } finally {
                TokenFiles.deleteDirectory(work);
            }
        }
        report.write(out, command);
        Progress.say("wrote %s", out);
        for (Report.Goal goal : report.goals()) {
            Progress.say("%-9s %s: %s", goal.met() ? "met" : "NOT MET", goal.goal(), goal.measured());
        }
    }

    /** Pins every thread of this (the server's) JVM to {@code cpus}, so wrk and the server do not trade cores. */
    private static void pin(String cpus) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder("taskset", "-a", "-cp", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (taskset.waitFor() != 0) {
            throw new IllegalStateException("taskset could not pin the server JVM to CPUs " + cpus);
        }
    }

    private static String option(String[] args, String prefix, String fallback) {
        return Arrays.stream(args).filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length()))
                .findFirst().orElse(fallback);
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
