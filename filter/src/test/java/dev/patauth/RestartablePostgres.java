package dev.patauth;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own that can be stopped and started again on the same port
 * with its data kept: embedded (zonky), or, as root, where PostgreSQL refuses to run, the
 * machine's PostgreSQL binaries run as the {@code postgres} user.
 */
final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private final boolean asRoot = "root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT));
    private EmbeddedPostgres embedded;

    RestartablePostgres() throws IOException, InterruptedException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        dataDirectory = Files.createTempDirectory("patauth-pg");
        if (asRoot) {
            run("chown", "postgres", dataDirectory.toString());
            asPostgres(bin("initdb"), "-D", dataDirectory.resolve("data").toString(), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--no-sync");
        }
        start();
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    void start() throws IOException, InterruptedException {
        if (asRoot) {
            String data = dataDirectory.resolve("data").toString();
            asPostgres(bin("pg_ctl"), "-D", data, "-l", dataDirectory.resolve("server.log").toString(), "-w", "-o",
                    "-p " + port + " -k " + dataDirectory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        } else {
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        }
    }

    void stop() throws IOException, InterruptedException {
        if (asRoot) {
            asPostgres(bin("pg_ctl"), "-D", dataDirectory.resolve("data").toString(), "-m", "fast", "-w", "stop");
        } else {
            embedded.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        if (asRoot) {
            run("rm", "-rf", dataDirectory.toString());
        }
    }

    private static String bin(String program) {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("running as root, this test needs the machine's PostgreSQL in /usr/lib/postgresql");
        }
        File newest = Arrays.stream(versions).max(Comparator.comparing(File::getName)).orElseThrow();
        return new File(newest, "bin/" + program).getPath();
    }

    private static void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
