package dev.patauth.bench;

import static dev.patauth.bench.Stats.percentile;

import dev.patauth.AuthResult;
import dev.patauth.PatAuth;
import dev.patauth.TokenPage;
import dev.patauth.TokenQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * How the database's cost grows with the token table (issue 15): the same measurements on
 * patauth_token at 10,000, 1,000,000 and 10,000,000 rows (100,000 at most with {@code --quick}),
 * in a PostgreSQL database of its own that grows in steps. At each size: the latency of a cache
 * miss (one SELECT by token hash) at 1 and 8 threads, the size of the table and of each index, and
 * the administrators' list queries of {@link PatAuth#listTokens}.
 *
 * <p>The rows are {@link TokenMix}'s realistic mix; at each step a fresh batch of tokens whose
 * plaintext this class holds ({@link BulkTokens}) is loaded too, given the mix's spread of dates
 * and scopes but kept active, so that every measured call is a lookup of a distinct, valid token
 * in a fresh engine. The sweep is kept from running (its row says it ran just now; it would
 * delete retired rows and mark expiry warnings mid-measurement).
 */
final class TableSizeBenchmark {

    /** Known tokens per size: an unmeasured warm pass, then the 1-thread and the 8-thread runs. */
    private static final int WARM_PER_THREAD = 64;
    private static final int ONE_THREAD = 1_500;
    private static final int THREADS = 8;
    private static final int PER_THREAD = 250;
    private static final int POOL = 10;
    private static final int WARM = THREADS * WARM_PER_THREAD;
    private static final int KNOWN_PER_SIZE = WARM + ONE_THREAD + THREADS * PER_THREAD;
    private static final int LIST_WARMUP = 5;
    private static final int LIST_CALLS = 30;
    /** Steps that add at least this many rows drop the indexes first and rebuild them after. */
    private static final long REBUILD_FROM = 50_000;

    private record Latency(long p50, long p99, long max) {
        static Latency of(List<Long> micros) {
            List<Long> sorted = new ArrayList<>(micros);
            sorted.sort(null);
            return new Latency(percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        }

        String cells() {
            return Stats.ms(p50) + " | " + Stats.ms(p99) + " | " + Stats.ms(max);
        }

        String p50p99() {
            return Stats.ms(p50) + " / " + Stats.ms(p99);
        }
    }

    /** What one size measured. */
    private record Size(long rows, long[] states, Latency oneThread, Latency eightThreads, long lookups,
                        long heapBytes, long indexesBytes, Map<String, Long> indexBytes, Map<String, Latency> lists,
                        String loadNote) {
    }

    private TableSizeBenchmark() {
    }

    static void run(boolean quick, Report report) throws Exception {
        long[] sizes = quick ? new long[] {10_000, 100_000} : new long[] {10_000, 1_000_000, 10_000_000};
        List<Size> measured = new ArrayList<>();
        long partStart = System.nanoTime();
        try (BenchDatabase database = BenchDatabase.create()) {
            String url = database.url();
            // index builds after the big step: the engine's auto-create runs on a new connection, which takes this up
            TokenMix.execute(url, "ALTER DATABASE " + database.name() + " SET maintenance_work_mem = '512MB'");
            startEngine(url).close();
            TokenMix.execute(url, "INSERT INTO patauth_sweep (id, swept_at) VALUES (1, now())"
                    + " ON CONFLICT (id) DO UPDATE SET swept_at = now()");
            Map<String, String> ddlIndexes = TokenMix.indexes(url);
            long rows = 0;
            long mixNumber = 0;
            for (int step = 0; step < sizes.length; step++) {
                long target = sizes[step];
                List<String> known = BulkTokens.mint(KNOWN_PER_SIZE, 0x7ab1e5L + step);
                String users = "known-" + step + "-";
                BulkTokens.loadActive(url, known, users, 5);
                TokenMix.spreadKnown(url, users);
                long add = target - rows - known.size();
                boolean rebuild = add >= REBUILD_FROM;
                Progress.say("tables: growing patauth_token to %,d rows (%,d of the mix%s)", target, add,
                        rebuild ? ", indexes dropped and rebuilt" : "");
                long loadStart = System.nanoTime();
                long insertMillis = TokenMix.grow(url, mixNumber + 1, mixNumber + add, rebuild);
                mixNumber += add;
                rows = target;
                long constraintsEnd = System.nanoTime();
                long indexMillis = 0;
                if (rebuild) {
                    long indexStart = System.nanoTime();
                    startEngine(url).close(); // auto-create: CREATE INDEX IF NOT EXISTS for the dropped ones
                    indexMillis = (System.nanoTime() - indexStart) / 1_000_000;
                    if (!TokenMix.indexes(url).equals(ddlIndexes)) {
                        throw new IllegalStateException("the rebuilt indexes differ from those the DDL created: "
                                + TokenMix.indexes(url).keySet() + " vs " + ddlIndexes.keySet());
                    }
                }
                long vacuumMillis = TokenMix.vacuumAnalyze(url);
                long loadSeconds = (System.nanoTime() - loadStart) / 1_000_000_000;
                String loadNote = String.format(Locale.ROOT, "%,d rows of the mix: INSERT %s s%s%s, VACUUM ANALYZE %s s;"
                                + " %d s in all", add, Stats.f1(insertMillis / 1000.0),
                        rebuild ? ", primary key and unique hash constraint " + Stats.f1((constraintsEnd - loadStart) / 1e9
                                - insertMillis / 1000.0) + " s" : "",
                        rebuild ? ", the other 8 indexes (engine's auto-create) " + Stats.f1(indexMillis / 1000.0) + " s" : "",
                        Stats.f1(vacuumMillis / 1000.0), loadSeconds);
                Progress.say("tables: %,d rows: %s", target, loadNote);
                measured.add(measure(url, target, mixNumber, known, loadNote));
            }
        }
        long partSeconds = (System.nanoTime() - partStart) / 1_000_000_000;
        write(report, measured, partSeconds, quick);
    }

    private static Size measure(String url, long rows, long mixRows, List<String> known, String loadNote) throws Exception {
        long[] states = TokenMix.countsByState(url);
        if (states[3] != rows) {
            throw new IllegalStateException("patauth_token holds " + states[3] + " rows, not " + rows);
        }
        Latency one;
        Latency eight;
        long lookups;
        Map<String, Latency> lists;
        try (PatAuth engine = startEngine(url)) {
            // warm: pool connections opened (8 at once), statements prepared, code compiled; not measured
            concurrently(engine, THREADS, WARM_PER_THREAD, i -> known.get(i));
            List<Long> single = new ArrayList<>();
            for (int i = 0; i < ONE_THREAD; i++) {
                single.add(timedLookup(engine, known.get(WARM + i), "10.1.0." + (i % 250 + 1)));
            }
            one = Latency.of(single);
            eight = Latency.of(concurrently(engine, THREADS, PER_THREAD, i -> known.get(WARM + ONE_THREAD + i)));
            lookups = engine.statistics().databaseLookups();
            if (lookups != KNOWN_PER_SIZE) {
                throw new IllegalStateException(KNOWN_PER_SIZE + " authentications of distinct tokens made " + lookups
                        + " database lookups, not one each");
            }
            lists = lists(engine, mixRows);
        }
        Map<String, Long> indexBytes = new LinkedHashMap<>();
        long heap;
        long indexes;
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT pg_relation_size('patauth_token'),"
                    + " pg_indexes_size('patauth_token')")) {
                rs.next();
                heap = rs.getLong(1);
                indexes = rs.getLong(2);
            }
            try (ResultSet rs = statement.executeQuery("SELECT indexname, pg_relation_size(format('%I', indexname)::regclass)"
                    + " FROM pg_indexes WHERE tablename = 'patauth_token' ORDER BY indexname")) {
                while (rs.next()) {
                    indexBytes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Progress.say("tables: %,d rows: cache miss p50 %s 1 thread, %s 8 threads", rows, Stats.ms(one.p50),
                Stats.ms(eight.p50));
        return new Size(rows, states, one, eight, lookups, heap, indexes, indexBytes, lists, loadNote);
    }

    /** One authentication of a token the engine has not cached, in µs; anything but Authenticated ends the run. */
    private static long timedLookup(PatAuth engine, String token, String clientAddress) {
        long start = System.nanoTime();
        AuthResult result = engine.authenticate(token, clientAddress);
        long micros = (System.nanoTime() - start) / 1_000;
        if (!(result instanceof AuthResult.Authenticated)) {
            throw new IllegalStateException("a known, active token was not authenticated: " + result.getClass().getSimpleName());
        }
        return micros;
    }

    /** {@code threads} threads, started together, each authenticating its own {@code each} tokens once. */
    private static List<Long> concurrently(PatAuth engine, int threads, int each, IntFunction<String> token)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<List<Long>> results = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Long> mine = new ArrayList<>(each);
            results.add(mine);
            int first = t * each;
            String address = "10.2." + t + ".";
            Thread thread = new Thread(() -> {
                try {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < each; i++) {
                        mine.add(timedLookup(engine, token.apply(first + i), address + (i % 250 + 1)));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "tables-lookup-" + t);
            started.add(thread);
            thread.start();
        }
        ready.await();
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a lookup thread failed", failure.get());
        }
        List<Long> all = new ArrayList<>();
        results.forEach(all::addAll);
        return all;
    }

    /** The administrators' list queries, {@value #LIST_CALLS} timed calls each after {@value #LIST_WARMUP} untimed ones. */
    private static Map<String, Latency> lists(PatAuth engine, long mixRows) {
        Map<String, Latency> lists = new LinkedHashMap<>();
        long users = Math.max(1, mixRows / 5);
        lists.put("all", timedList(engine, i -> TokenQuery.all()));
        TokenPage first = engine.listTokens(TokenQuery.all());
        String cursor = first.next().orElseThrow(() -> new IllegalStateException("the first page of all tokens is the last"));
        lists.put("all, page 2", timedList(engine, i -> TokenQuery.all().after(cursor)));
        // a different owner each call (the mix's users are bench-user-0 to bench-user-<mix rows / 5>), spread over the table
        lists.put("user", timedList(engine, i -> TokenQuery.all().user("bench-user-" + (i * 7_919L % users))));
        lists.put("unused 90 d", timedList(engine, i -> TokenQuery.all().unusedFor(Duration.ofDays(90))));
        lists.put("expiring 7 d", timedList(engine, i -> TokenQuery.all().expiringWithin(Duration.ofDays(7))));
        lists.put("scope write", timedList(engine, i -> TokenQuery.all().scope("write")));
        return lists;
    }

    private static Latency timedList(PatAuth engine, IntFunction<TokenQuery> query) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < LIST_WARMUP + LIST_CALLS; i++) {
            long start = System.nanoTime();
            TokenPage page = engine.listTokens(query.apply(i));
            long took = (System.nanoTime() - start) / 1_000;
            if (page.tokens().isEmpty() && i == 0) {
                Progress.say("tables: a list query found no tokens: %s", query.apply(i));
            }
            if (i >= LIST_WARMUP) {
                micros.add(took);
            }
        }
        return Latency.of(micros);
    }

    /**
     * An engine on the database with auto-create, the mix's scopes declared, a cache that outlives
     * the run, and a pool of {@value #POOL} (the default is 4), so that 8 threads measure the
     * database rather than a wait for a connection.
     */
    private static PatAuth startEngine(String url) {
        return PatAuth.builder()
                .jdbcUrl(url, null, null)
                .jdbcPoolSize(POOL)
                .scope("read", "Read")
                .scope("write", "Write")
                .cacheTtl(Duration.ofHours(1))
                .build();
    }

    private static String mib(long bytes) {
        return Stats.f1(bytes / 1048576.0) + " MiB";
    }

    private static void write(Report report, List<Size> sizes, long partSeconds, boolean quick) {
        StringBuilder lookups = new StringBuilder("| rows | 1 thread p50 | p99 | max | 8 threads p50 | p99 | max | lookups |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Size size : sizes) {
            lookups.append(String.format(Locale.ROOT, "| %,d | %s | %s | %,d |%n", size.rows, size.oneThread.cells(),
                    size.eightThreads.cells(), size.lookups));
        }
        List<String> indexNames = new ArrayList<>(sizes.get(0).indexBytes.keySet());
        StringBuilder storage = new StringBuilder("| rows | active | revoked | expired | table | all indexes |");
        StringBuilder rule = new StringBuilder("|---:|---:|---:|---:|---:|---:|");
        for (String index : indexNames) {
            storage.append(' ').append(index.replaceFirst("^patauth_token_", "")).append(" |");
            rule.append("---:|");
        }
        storage.append('\n').append(rule).append('\n');
        for (Size size : sizes) {
            storage.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %s | %s |", size.rows, size.states[0],
                    size.states[1], size.states[2], mib(size.heapBytes), mib(size.indexesBytes)));
            for (String index : indexNames) {
                storage.append(' ').append(mib(size.indexBytes.getOrDefault(index, 0L))).append(" |");
            }
            storage.append('\n');
        }
        List<String> listNames = new ArrayList<>(sizes.get(0).lists.keySet());
        StringBuilder lists = new StringBuilder("| rows |");
        StringBuilder listRule = new StringBuilder("|---:|");
        for (String name : listNames) {
            lists.append(' ').append(name).append(" |");
            listRule.append("---:|");
        }
        lists.append('\n').append(listRule).append('\n');
        for (Size size : sizes) {
            lists.append(String.format(Locale.ROOT, "| %,d |", size.rows));
            for (String name : listNames) {
                lists.append(' ').append(size.lists.get(name).p50p99()).append(" |");
            }
            lists.append('\n');
        }
        StringBuilder loads = new StringBuilder();
        for (Size size : sizes) {
            loads.append(String.format(Locale.ROOT, "- to %,d rows: %s%n", size.rows, size.loadNote));
        }
        report.section("How the cost grows with the token table", String.format(Locale.ROOT, """
                One PostgreSQL database of its own, grown in steps to %s rows in `patauth_token`. The schema is
                the project's DDL, applied by an engine's auto-create. Each step adds a fresh batch of %,d tokens whose
                plaintext the benchmark holds (`BulkTokens`: COPY, then given the mix's spread of creation dates,
                expiries and scopes, but kept active) and the rest as a realistic mix generated inside PostgreSQL by
                `INSERT … SELECT … FROM generate_series` (`TokenMix`: about 5 tokens per user, created over 2 years,
                10 %% revoked with a reason, 5 %% expired, half of the active ones expiring within a year, scopes
                `read` / `read write` / NULL, 85 %% used with address and agent; retired rows within the last 90
                days, as the sweep's default retention keeps them). A step that adds ≥ 50,000 rows drops every
                index first, loads, puts the primary key and the unique hash constraint back, and lets a new
                engine's auto-create rebuild the other indexes from the DDL (`maintenance_work_mem` 512MB for the
                database); the benchmark checks that the indexes are then the same as the DDL made. Every step ends
                with `VACUUM (ANALYZE)`. The sweep is held off (its row says it just ran). What the loads took:

                %s
                **Cache miss.** A fresh engine (empty cache; `.jdbcUrl(…).jdbcPoolSize(%d)`: its own HikariCP pool, larger than
                the default 4 so that the 8 threads below wait for PostgreSQL, not for a connection) per size;
                first an unmeasured warm pass of %,d other known tokens from %d threads (opens the pool's
                connections, prepares the statement, compiles the code), then %,d distinct tokens once each from 1
                thread, then %d threads started together with %,d tokens each. Each call is
                `authenticate(token, clientAddress)` on a token not yet cached, i.e. one SELECT by hash on the unique
                index; every call was checked to be `Authenticated`, and `statistics().databaseLookups()` equals the
                number of calls (last column). Times are the whole call as the caller sees it (hashing, the pool,
                the round trip over the loopback, PostgreSQL). Everything fits in this machine's page cache, so
                these are not disk reads; PostgreSQL's own buffers are 128MB. The known tokens of a size sit together
                at the heap's end (loaded first in their step), while their index entries are spread over the index.

                %s
                **Table and indexes** (`pg_relation_size` of the table's main fork and of each index in
                `pg_indexes`; "all indexes" is `pg_indexes_size`). Active: not revoked and not expired; expired:
                not revoked, past its expiry.

                %s
                **Administrators' list** (`listTokens`, pages of 50, the same engine after the lookups): p50 / p99 over
                %d calls each after %d untimed ones. "page 2" is `TokenQuery.all().after(cursor)` with the first
                page's cursor; "user" is a different owner (about 5 tokens each) per call; "scope write" matches
                `read write` and NULL-scope tokens.

                %s
                The whole part took %d s%s.""",
                sizes.stream().map(s -> String.format(Locale.ROOT, "%,d", s.rows)).reduce((a, b) -> a + ", " + b).orElse(""),
                KNOWN_PER_SIZE, loads, POOL, WARM, THREADS, ONE_THREAD, THREADS, PER_THREAD, lookups, storage, LIST_CALLS,
                LIST_WARMUP, lists, partSeconds, quick ? " (--quick: smaller sizes)" : ""));
        Size first = sizes.get(0);
        Size last = sizes.get(sizes.size() - 1);
        report.headline(String.format(Locale.ROOT, "Cache miss (one SELECT) at %,d → %,d rows, 1 thread", first.rows, last.rows),
                "p50 " + Stats.ms(first.oneThread.p50) + " → " + Stats.ms(last.oneThread.p50) + ", p99 "
                        + Stats.ms(first.oneThread.p99) + " → " + Stats.ms(last.oneThread.p99));
        report.headline(String.format(Locale.ROOT, "Cache miss at %,d rows, 8 threads", last.rows),
                "p50 " + Stats.ms(last.eightThreads.p50) + ", p99 " + Stats.ms(last.eightThreads.p99));
        report.headline(String.format(Locale.ROOT, "Token table at %,d rows: table + indexes", last.rows),
                mib(last.heapBytes) + " + " + mib(last.indexesBytes));
        report.headline(String.format(Locale.ROOT, "Growing the token table to %,d rows (server-side INSERT, index rebuild,"
                + " VACUUM)", last.rows), last.loadNote);
        Latency slowest = last.lists.values().stream().max((a, b) -> Long.compare(a.p99, b.p99)).orElseThrow();
        String slowestName = last.lists.entrySet().stream().filter(e -> e.getValue() == slowest).findFirst().orElseThrow().getKey();
        report.headline(String.format(Locale.ROOT, "Slowest admin list query at %,d rows", last.rows),
                slowestName + ": p50 " + Stats.ms(slowest.p50) + ", p99 " + Stats.ms(slowest.p99));
    }
}
