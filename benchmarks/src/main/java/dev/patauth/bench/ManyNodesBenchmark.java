package dev.patauth.bench;

import static dev.patauth.bench.Stats.percentile;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.AuthResult;
import dev.patauth.CreatedToken;
import dev.patauth.PatAuth;
import dev.patauth.testing.CountingDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Twenty nodes on one database (issue 15): twenty engines in this JVM, each with its own pool,
 * on a PostgreSQL database of their own. (a) How long a revocation on node 0 takes to reach the
 * other 19 with {@code NOTIFY}; (b) how many database connections each node holds; (c) with
 * {@code POLL} instead, over a million token rows: the poll queries per second, what they cost
 * PostgreSQL, and how long a revocation takes to reach the others.
 *
 * <p>One measuring thread checks the 19 other nodes in turn, each through
 * {@code authenticate(token, clientAddress)}, and parks briefly between rounds; all times are
 * this JVM's {@code System.nanoTime}, from node 0's {@code revoke()} call. A node that has dropped
 * the token from its cache asks the database again (one SELECT, ~0.2 ms) in that round, so a node
 * checked later in the round may be seen refusing up to a few such SELECTs late.
 */
final class ManyNodesBenchmark {

    private static final int NODES = 20;
    private static final int POOL = 2;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The statement a polling node sends once per interval for revoked tokens (PollingBus), and the one for accounts. */
    private static final String POLL_TOKENS = "SELECT token_hash FROM patauth_token WHERE revoked_at > ?";
    private static final String POLL_OWNERS = "SELECT user_id FROM patauth_owner WHERE invalidated_at > ?";

    private record Propagation(List<Long> perNode, List<Long> last, int timeouts) {
    }

    private ManyNodesBenchmark() {
    }

    static void run(boolean quick, Report report) throws Exception {
        int warmup = quick ? 5 : 20;
        int notifyRevocations = quick ? 30 : 200;
        int pollRevocations = quick ? 5 : 30;
        long pollRows = quick ? 100_000 : 1_000_000;
        Duration idleWindow = Duration.ofSeconds(quick ? 5 : 20);
        long partStart = System.nanoTime();
        try (BenchDatabase database = BenchDatabase.create();
             // held from the start: with max_connections shared, a connection opened later to count the others may not get in
             Connection monitor = DriverManager.getConnection(database.url())) {
            String url = database.url();
            TokenMix.execute(url, "ALTER DATABASE " + database.name() + " SET maintenance_work_mem = '512MB'");
            node(url, PatAuth.Invalidation.NOTIFY).close(); // auto-create
            // the sweep would start a minute after each engine; its row says it just ran
            TokenMix.execute(url, "INSERT INTO patauth_sweep (id, swept_at) VALUES (1, now())"
                    + " ON CONFLICT (id) DO UPDATE SET swept_at = now()");

            // (a) and (b): NOTIFY
            awaitFreeConnections(url, NODES * (POOL + 1));
            Progress.say("nodes: %d nodes with NOTIFY", NODES);
            int before = connections(monitor);
            Propagation notify;
            int idle;
            int loaded;
            List<PatAuth> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < NODES; i++) {
                    nodes.add(node(url, PatAuth.Invalidation.NOTIFY));
                }
                Thread.sleep(2_000);
                idle = connections(monitor) - before;
                notify = propagation(nodes, warmup, notifyRevocations, 20_000);
                loadEveryPool(nodes);
                loaded = connections(monitor) - before;
            } finally {
                nodes.forEach(PatAuth::close);
            }
            Thread.sleep(1_000); // a backend ends a moment after its client closed the connection
            int closed = connections(monitor) - before;
            Progress.say("nodes: NOTIFY to %d nodes: last p50 %s, p99 %s; connections idle %d, after load %d, after close %d",
                    NODES - 1, Stats.ms(percentile(notify.last, 50)), Stats.ms(percentile(notify.last, 99)), idle, loaded, closed);

            // (c): POLL over a million rows
            Progress.say("nodes: loading %,d token rows for polling", pollRows);
            long loadStart = System.nanoTime();
            boolean rebuild = pollRows >= 50_000;
            TokenMix.grow(url, 1, pollRows, rebuild);
            if (rebuild) {
                node(url, PatAuth.Invalidation.NOTIFY).close(); // auto-create rebuilds the dropped indexes
            }
            TokenMix.vacuumAnalyze(url);
            long loadSeconds = (System.nanoTime() - loadStart) / 1_000_000_000;
            long[] states = TokenMix.countsByState(url);
            String pollPlan = explainPoll(url);
            awaitFreeConnections(url, NODES * POOL);
            Progress.say("nodes: %d nodes with POLL", NODES);
            List<PatAuth> pollers = new ArrayList<>();
            List<HikariDataSource> pools = new ArrayList<>();
            List<CountingDataSource> counted = new ArrayList<>();
            Propagation poll;
            Window window;
            try {
                for (int i = 0; i < NODES; i++) {
                    HikariDataSource pool = pool(url, i);
                    pools.add(pool);
                    CountingDataSource counting = new CountingDataSource(pool);
                    counted.add(counting);
                    pollers.add(PatAuth.builder()
                            .dataSource(counting)
                            .invalidation(PatAuth.Invalidation.POLL)
                            .cacheTtl(Duration.ofHours(1))
                            .failuresPerMinute(Integer.MAX_VALUE)
                            .build());
                }
                Thread.sleep(3_000);
                window = idleWindow(monitor, counted, idleWindow);
                poll = propagation(pollers, 2, pollRevocations, 200_000);
            } finally {
                pollers.forEach(PatAuth::close);
                pools.forEach(HikariDataSource::close);
            }
            long partSeconds = (System.nanoTime() - partStart) / 1_000_000_000;
            write(report, quick, warmup, notifyRevocations, notify, before, idle, loaded, closed, pollRows, states, loadSeconds,
                    pollRevocations, poll, window, pollPlan, partSeconds);
        }
    }

    /** One node: its own pool of {@value #POOL}, a cache that outlives the run, and no throttle on refusals. */
    private static PatAuth node(String url, PatAuth.Invalidation invalidation) {
        return PatAuth.builder()
                .jdbcUrl(url, null, null)
                .jdbcPoolSize(POOL)
                .invalidation(invalidation)
                .cacheTtl(Duration.ofHours(1))
                .failuresPerMinute(Integer.MAX_VALUE)
                .build();
    }

    /** A polling node's own HikariCP pool, sized as the NOTIFY nodes' pools: at most 2 connections, 1 kept open. */
    private static HikariDataSource pool(String url, int node) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("poll-node-" + node);
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(POOL);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /**
     * Per revocation: node 0 creates a token, every node authenticates it (and caches it), node 0
     * revokes it, then this thread checks the other nodes in turn, parking {@code parkNanos}
     * between rounds, until each refuses it.
     */
    private static Propagation propagation(List<PatAuth> nodes, int warmup, int measured, long parkNanos) {
        List<Long> perNode = new ArrayList<>();
        List<Long> last = new ArrayList<>();
        int timeouts = 0;
        PatAuth origin = nodes.get(0);
        String user = "nodes";
        for (int r = 0; r < warmup + measured; r++) {
            CreatedToken created = origin.create(user, "nodes " + r);
            String token = created.token();
            for (PatAuth node : nodes) {
                if (!PropagationBenchmark.accepted(node, token)) {
                    throw new IllegalStateException("a node refused a new token");
                }
            }
            long called = System.nanoTime();
            if (!origin.revoke(user, created.info().id())) {
                throw new IllegalStateException("node 0 could not revoke its own token");
            }
            long[] refusedAt = new long[nodes.size()];
            int waiting = nodes.size() - 1;
            while (waiting > 0 && System.nanoTime() - called < GIVE_UP_NANOS) {
                for (int n = 1; n < nodes.size(); n++) {
                    if (refusedAt[n] == 0 && !PropagationBenchmark.accepted(nodes.get(n), token)) {
                        refusedAt[n] = System.nanoTime();
                        waiting--;
                    }
                }
                if (waiting > 0) {
                    // a park, not a spin: on 2 cores a spinning thread takes the CPU the listeners and PostgreSQL need
                    LockSupport.parkNanos(parkNanos);
                }
            }
            // checked after the others, so that its SELECT does not delay them
            if (PropagationBenchmark.accepted(origin, token)) {
                throw new IllegalStateException("node 0 accepted a token after its own revoke()");
            }
            if (r < warmup) {
                continue;
            }
            if (waiting > 0) {
                timeouts++;
                continue;
            }
            long slowest = 0;
            for (int n = 1; n < nodes.size(); n++) {
                long micros = (refusedAt[n] - called) / 1_000;
                perNode.add(micros);
                slowest = Math.max(slowest, micros);
            }
            last.add(slowest);
        }
        perNode.sort(null);
        last.sort(null);
        return new Propagation(perNode, last, timeouts);
    }

    /**
     * Three threads per node at once, each authenticating 50 distinct well-formed tokens that do
     * not exist (each one SELECT, refused; the throttle is off): enough waiting for a connection
     * that each pool opens all it may.
     */
    private static void loadEveryPool(List<PatAuth> nodes) throws InterruptedException {
        List<String> unknown = BulkTokens.mint(nodes.size() * 3 * 50, 0x40ad5L);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            for (int t = 0; t < 3; t++) {
                PatAuth node = nodes.get(n);
                int first = (n * 3 + t) * 50;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 50; i++) {
                            if (PropagationBenchmark.accepted(node, unknown.get(first + i))) {
                                throw new IllegalStateException("a token that does not exist was accepted");
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "nodes-load-" + n + "-" + t);
                threads.add(thread);
                thread.start();
            }
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a load thread failed", failure.get());
        }
    }

    /**
     * Waits up to 2 minutes until PostgreSQL has {@code needed} connections to spare (and 5 more),
     * since {@code max_connections} is shared with whatever else runs on the server; fails with the
     * figures otherwise, before any node starts.
     */
    private static void awaitFreeConnections(String url, int needed) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_setting('max_connections')::int"
                         + " - current_setting('superuser_reserved_connections')::int,"
                         + " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')")) {
                rs.next();
                int free = rs.getInt(1) - rs.getInt(2);
                if (free >= needed + 5) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL has " + free + " connections to spare (max_connections less"
                            + " those in use), the nodes need " + needed + " and 5 to spare");
                }
                Progress.say("nodes: waiting for %d free connections, %d now", needed + 5, free);
            }
            Thread.sleep(5_000);
        }
    }

    /** Connections to the database other than the asking one (pg_stat_activity, client backends). */
    private static int connections(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** What the idle window measured. */
    private record Window(double seconds, long tokenPolls, long ownerPolls, long statements, long xactCommits,
                          long backendNanos, int backends, long jvmNanos, long allPostgresNanos) {
    }

    /** The idle POLL cluster over {@code length}: statements counted, commits, CPU of the database's backends and of this JVM. */
    private static Window idleWindow(Connection connection, List<CountingDataSource> nodes, Duration length) throws Exception {
        Map<Integer, Long> backendsBefore = backendCpu(connection);
        long xactBefore = xactCommits(connection);
        Cpu.Sample cpuBefore = Cpu.sample();
        long tokensBefore = sum(nodes, d -> d.executions(POLL_TOKENS));
        long ownersBefore = sum(nodes, d -> d.executions(POLL_OWNERS));
        long allBefore = sum(nodes, d -> d.executions(""));
        long start = System.nanoTime();
        Thread.sleep(length.toMillis());
        long tokens = sum(nodes, d -> d.executions(POLL_TOKENS)) - tokensBefore;
        long owners = sum(nodes, d -> d.executions(POLL_OWNERS)) - ownersBefore;
        long all = sum(nodes, d -> d.executions("")) - allBefore;
        double seconds = (System.nanoTime() - start) / 1e9;
        Cpu.Sample cpu = Cpu.sample().minus(cpuBefore);
        Map<Integer, Long> backendsAfter = backendCpu(connection);
        long backendNanos = 0;
        int backends = 0;
        for (var entry : backendsAfter.entrySet()) {
            Long was = backendsBefore.get(entry.getKey());
            if (was != null) {
                backendNanos += entry.getValue() - was;
                backends++;
            }
        }
        // statistics reach pg_stat_database when a backend reports them (at most once a second): let them arrive
        Thread.sleep(1_500);
        long xact = xactCommits(connection) - xactBefore;
        return new Window(seconds, tokens, owners, all, xact, backendNanos, backends, cpu.serverNanos(), cpu.databaseNanos());
    }

    private static long sum(List<CountingDataSource> nodes, java.util.function.ToLongFunction<CountingDataSource> count) {
        return nodes.stream().mapToLong(count).sum();
    }

    /** CPU time (ns, /proc/PID/schedstat) of each client backend of this database but the asking one. */
    private static Map<Integer, Long> backendCpu(Connection connection) throws SQLException {
        Map<Integer, Long> cpu = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
            while (rs.next()) {
                int pid = rs.getInt(1);
                try {
                    String schedstat = Files.readString(Path.of("/proc", Integer.toString(pid), "schedstat")).trim();
                    cpu.put(pid, Long.parseLong(schedstat.split(" ")[0]));
                } catch (IOException | RuntimeException notHere) {
                    // PostgreSQL on another machine, or the backend ended
                }
            }
        }
        return cpu;
    }

    private static long xactCommits(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** EXPLAIN ANALYZE of the revoked-tokens poll as a node sends it, over the last 6 s (the interval and overlap). */
    private static String explainPoll(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            String since = "now() - interval '6 seconds'";
            String sql = "EXPLAIN (ANALYZE, BUFFERS) SELECT token_hash FROM patauth_token WHERE revoked_at > " + since
                    + " UNION SELECT token_hash FROM patauth_token WHERE changed_at > " + since;
            // a few times, so the last is of a warm plan cache and warm buffers
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lines.clear();
                try (ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
            return String.join("\n", lines);
        }
    }

    private static String cells(List<Long> sorted) {
        return Stats.ms(percentile(sorted, 50)) + " | " + Stats.ms(percentile(sorted, 99)) + " | "
                + Stats.ms(sorted.get(sorted.size() - 1));
    }

    private static void write(Report report, boolean quick, int warmup, int notifyRevocations, Propagation notify,
                              int before, int idle, int loaded, int closed, long pollRows, long[] states, long loadSeconds,
                              int pollRevocations, Propagation poll, Window window, String pollPlan, long partSeconds) {
        double pollsPerSecond = window.tokenPolls / window.seconds;
        double backendCoreShare = window.backendNanos / window.seconds / 1e9;
        double perPollMicros = window.tokenPolls == 0 ? Double.NaN : window.backendNanos / 1_000.0 / window.tokenPolls;
        String executionTime = pollPlan.lines().filter(l -> l.startsWith("Execution Time")).findFirst().orElse("?");
        report.section("Twenty nodes on one database", String.format(Locale.ROOT, """
                %d engines (nodes) in one JVM on one PostgreSQL database of their own, node 0 revoking and the
                others refusing. One measuring thread: per revocation node 0 creates a token, all %d nodes authenticate
                it (each caches it), node 0 calls `revoke()`, and the thread then checks the other %d in turn
                (and at the end that node 0 refuses the token too), each through `authenticate(token, clientAddress)`,
                parking between rounds, until each refuses; a node's time is from node 0's `revoke()` call until
                this thread saw it refuse, "last" is the slowest of the %d per revocation. A node that has dropped
                the token asks the database in that round (one SELECT, about 0.2 ms), so nodes checked later in the
                same round are seen up to a few such SELECTs late. All 20 nodes, their pools, PostgreSQL and the
                measuring thread share 2 cores.

                **NOTIFY** (each node `.jdbcUrl(…).jdbcPoolSize(%d).invalidation(NOTIFY)`): %d warm-up revocations,
                then %d measured, parking 20 µs between rounds; %d timed out (5 s).

                | node 0's `revoke()` call until … refuses | p50 | p99 | max |
                |---|---:|---:|---:|
                | each of the other %d nodes (%,d node-revocations) | %s |
                | the last of the %d | %s |

                **Connections per node** (`pg_stat_activity`, client backends of the database, this benchmark's own
                asking connection left out): %d before the nodes started; with the %d nodes started and idle 2 s, %d
                more (%s per node: each node's listener has a connection of its own, outside the pool, and the pool
                keeps 1 open, `minimumIdle` 1; the few more are probably pools that opened a second one while their node started,
                as Hikari tops up idle connections while the first is in use); after 3 threads per node had authenticated 50 unknown tokens
                each at once (each a SELECT: the pools opened what they may), %d (%s per node: the pool's %d plus the
                `LISTEN` connection); %d after closing them. %d nodes with `NOTIFY` therefore hold up to %d
                connections of PostgreSQL's `max_connections`, %d while idle.

                **POLL** on the same database after loading %,d token rows (`TokenMix`, %d s with the index rebuild
                and VACUUM ANALYZE: %,d active, %,d revoked, %,d expired): %d nodes, each
                `.dataSource(…).invalidation(POLL)` on its own HikariCP pool (at most %d connections, 1 kept open)
                wrapped in a DataSource that counts the statements executed through it; the default poll interval,
                1 s (each node polls 1 s after its last poll ended). Idle window: %s s, 3 s after the nodes started,
                no requests.

                | idle, %d nodes polling | figure |
                |---|---:|
                | revoked-token polls per second (counted in the nodes' DataSources) | %s |
                | account polls per second (the second statement of each poll) | %s |
                | all statements per second, any node | %s |
                | `xact_commit` per second (`pg_stat_database`, cross-check) | %s |
                | CPU of the database's %d backends (`/proc/PID/schedstat`), share of one core | %s |
                | … per revoked-token poll (the poll's two statements and its connection check) | %s µs |
                | CPU of every postgres process on the machine (others' too), share of one core | %s |
                | CPU of this JVM (the 20 nodes idle), share of one core | %s |

                The revoked-token poll over %,d rows as `EXPLAIN (ANALYZE, BUFFERS)` shows it (the fifth run, over
                the last 6 s: interval plus overlap; the nodes' `since` reaches 5 s further back):

                ```
                %s
                ```

                Revocation to all %d with polling: %d revocations after 2 warm-up ones, parking 0.2 ms between rounds
                (1 s resolution is all polling needs); %d timed out (5 s).

                | node 0's `revoke()` call until … refuses | p50 | p99 | max |
                |---|---:|---:|---:|
                | each of the other %d nodes (%,d node-revocations) | %s |
                | the last of the %d | %s |

                The whole part took %d s%s.""",
                NODES, NODES, NODES - 1, NODES - 1, POOL, warmup, notifyRevocations, notify.timeouts,
                NODES - 1, notify.perNode.size(), cells(notify.perNode), NODES - 1, cells(notify.last),
                before, NODES, idle, Stats.f1(idle / (double) NODES), loaded, Stats.f1(loaded / (double) NODES), POOL, closed,
                NODES, NODES * (POOL + 1), NODES * 2,
                pollRows, loadSeconds, states[0], states[1], states[2], NODES, POOL,
                Stats.f0(window.seconds),
                NODES, Stats.f1(pollsPerSecond), Stats.f1(window.ownerPolls / window.seconds),
                Stats.f1(window.statements / window.seconds), Stats.f1(window.xactCommits / window.seconds),
                window.backends, Stats.f3(backendCoreShare), Stats.f0(perPollMicros),
                Stats.f3(window.allPostgresNanos / window.seconds / 1e9), Stats.f3(window.jvmNanos / window.seconds / 1e9),
                pollRows, pollPlan,
                NODES - 1, pollRevocations, poll.timeouts, NODES - 1, poll.perNode.size(), cells(poll.perNode), NODES - 1,
                cells(poll.last), partSeconds, quick ? " (--quick: fewer revocations, " + pollRows + " rows)" : ""));
        long lastP99 = percentile(notify.last, 99);
        if (lastP99 > 10_000) {
            report.analysis(String.format(Locale.ROOT, """
                    **Revocation to %d other nodes.** With `NOTIFY`, the last of the %d nodes refused p50 %s and p99 %s
                    after node 0's `revoke()` call; any one node p50 %s and p99 %s. Every node has its own `LISTEN`
                    connection, so PostgreSQL delivers the notification to %d listening backends (node 0's own too), which
                    wake as many listener threads, each then invalidating one entry; the measuring thread sees each refusal with one more SELECT
                    (the node's reload of the hash) and checks the nodes one after the other. All of this, the %d
                    PostgreSQL backends and the other nodes' threads share 2 cores here, so the tail likely includes waits
                    for a core, which this part does not measure apart; nodes on machines of their own would each
                    wake only their own listener.""",
                    NODES - 1, NODES - 1, Stats.ms(percentile(notify.last, 50)), Stats.ms(lastP99),
                    Stats.ms(percentile(notify.perNode, 50)), Stats.ms(percentile(notify.perNode, 99)), NODES, NODES * 2));
        }
        report.goal("Revocation reaches all " + (NODES - 1) + " other nodes (NOTIFY): p99 of the last ≤ 10 ms ("
                        + notifyRevocations + " revocations)",
                "p50 " + Stats.ms(percentile(notify.last, 50)) + ", p99 " + Stats.ms(lastP99) + ", " + notify.timeouts + " timeouts",
                lastP99 <= 10_000 && notify.timeouts == 0);
        report.headline("Revocation seen by all " + (NODES - 1) + " other nodes (NOTIFY), the last of them",
                "p50 " + Stats.ms(percentile(notify.last, 50)) + ", p99 " + Stats.ms(lastP99));
        report.headline("Database connections per node (NOTIFY, pool of " + POOL + ")",
                Stats.f1(idle / (double) NODES) + " idle, " + Stats.f1(loaded / (double) NODES) + " under load");
        report.headline(String.format(Locale.ROOT, "%d polling nodes, idle, %,d rows", NODES, pollRows),
                Stats.f1(pollsPerSecond) + " polls/s, " + Stats.f3(backendCoreShare) + " of a core in PostgreSQL ("
                        + Stats.f0(perPollMicros) + " µs per poll; " + executionTime.toLowerCase(Locale.ROOT) + ")");
        report.headline("Revocation seen by all " + (NODES - 1) + " other nodes (POLL, 1 s), the last of them",
                "p50 " + Stats.ms(percentile(poll.last, 50)) + ", p99 " + Stats.ms(percentile(poll.last, 99)));
    }
}
