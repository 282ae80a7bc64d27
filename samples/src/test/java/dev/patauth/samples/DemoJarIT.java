package dev.patauth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar samples/target/patauth-demo.jar} as a newcomer runs it, then the README's
 * walkthrough against it. Its lifecycle part (scopes chosen on create, rotations) needs the admin
 * servlet's part of issue 12.
 */
class DemoJarIT {

    private static final Path JAR = Path.of("target", "patauth-demo.jar");
    private static final Pattern RUNNING_AT = Pattern.compile("patauth demo running at (http://localhost:\\d+/)");

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(JAR).as("mvn package builds the demo jar before this test").isRegularFile();
    }

    @Test
    void demoPrintsWhereItRunsAndServesTheWalkthrough() throws Exception {
        RunningJar demo = RunningJar.start("--port", "0");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> demo.output().contains("Press Ctrl+C") || !demo.isAlive());
            String output = demo.output();
            Matcher running = RUNNING_AT.matcher(output);
            assertThat(running.find()).as("the demo prints its URL:%n%s", output).isTrue();
            assertThat(output).contains("account/tokens/", "api/whoami", "api/notes", "alice / alice-demo", "bob / bob-demo",
                    "in-memory H2");

            SampleClient client = new SampleClient(URI.create(running.group(1)));
            client.walkThrough();
            // the sample's LoggingTokenEvents, on the demo's console
            await().atMost(Duration.ofSeconds(10)).until(() -> demo.output().contains(" of alice created, expires ")
                    && demo.output().contains(" of alice revoked by OWNER"));
            client.walkThroughTheLifecycle();

            assertThat(output).doesNotContain("pat_");
        } finally {
            assertThat(demo.stop()).as("Ctrl+C (SIGTERM) stops it cleanly").isIn(0, 143);
        }
        assertThat(demo.output()).as("the log names token ids, never tokens").doesNotContain("pat_");
    }

    @Test
    void wrongArgumentIsRefusedWithUsage() throws Exception {
        RunningJar demo = RunningJar.start("--port", "eighty");
        assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.process.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> demo.output().contains("usage:"));
        assertThat(demo.output()).contains("--port takes a port number from 0 to 65535, got 'eighty'");
    }

    /** The demo jar in a JVM of its own, its output collected as it comes. */
    private record RunningJar(Process process, List<String> lines) {

        static RunningJar start(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            RunningJar jar = new RunningJar(process, new ArrayList<>());
            Thread reader = new Thread(jar::collect, "demo-output");
            reader.setDaemon(true);
            reader.start();
            return jar;
        }

        private void collect() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        }
    }
}
