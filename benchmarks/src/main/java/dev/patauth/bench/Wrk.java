package dev.patauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs wrk (a separate process, over loopback) with {@code tokens.lua}, which sends one
 * Authorization header per request from a token file, and reads back the one RESULT line the
 * script prints.
 */
final class Wrk {

    private final Path script;
    private final int threads;
    private final int connections;
    private final List<String> prefix;

    /** @param cpus the CPUs wrk may run on (taskset list), or empty for any */
    Wrk(Path workDir, int threads, int connections, String cpus) throws IOException {
        this.threads = threads;
        this.connections = connections;
        this.prefix = cpus.isEmpty() ? List.of() : List.of("taskset", "-c", cpus);
        this.script = workDir.resolve("tokens.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("tokens.lua")) {
            Files.copy(in, script);
        }
    }

    String settings() {
        return threads + " thread" + (threads == 1 ? "" : "s") + ", " + connections + " connections, keep-alive"
                + (prefix.isEmpty() ? "" : ", pinned to CPU " + prefix.get(2));
    }

    static String version() {
        try {
            Process process = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out.lines().findFirst().orElse("wrk").replaceAll("\\s+Copyright.*", "").trim();
        } catch (IOException | InterruptedException e) {
            return "wrk (version unknown)";
        }
    }

    /** What one wrk run measured. Latencies in microseconds. */
    record Result(long requests, long durationMicros, long p50, long p90, long p99, double mean, long statusErrors,
                  long socketErrors, long wrapped) {

        double requestsPerSecond() {
            return requests * 1e6 / durationMicros;
        }
    }

    /**
     * @param once each thread sends each of its share of the tokens once (wrapping is counted);
     *             otherwise every thread cycles through all of them
     */
    Result run(URI url, Path tokens, boolean once, Duration duration) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "--latency", "-s", script.toString(), url.toString(),
                "--", tokens.toString(), once ? "once" : "cycle", Integer.toString(threads)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no RESULT (exit " + exit + "):\n" + out));
        Map<String, String> fields = new HashMap<>();
        for (String field : line.substring("RESULT ".length()).trim().split(" ")) {
            String[] kv = field.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return new Result(
                Long.parseLong(fields.get("requests")),
                Long.parseLong(fields.get("duration_us")),
                Long.parseLong(fields.get("p50_us")),
                Long.parseLong(fields.get("p90_us")),
                Long.parseLong(fields.get("p99_us")),
                Double.parseDouble(fields.get("mean_us")),
                Long.parseLong(fields.get("status_errors")),
                Long.parseLong(fields.get("socket_errors")),
                Long.parseLong(fields.get("wrapped")));
    }
}
