package dev.patauth.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.AuthResult;
import dev.patauth.PatAuth;
import dev.patauth.PatAuthStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Issue 15, "100,000 distinct tokens used within one interval": what the last-used flush then
 * writes (statements, rows, batch sizes), how long it takes, which threads run it, and whether
 * request threads notice. The engine gets its connections through {@link StatementLog}, which
 * logs every statement with its thread and time. All tokens are cached first; right after the
 * flush of those first uses, request threads authenticate every token once (so all are used
 * within one interval), then keep authenticating the same cached tokens at a steady pace, each
 * call timed, until after the next flush has ended. That flush's statements, and the calls made
 * while it ran against those made just before, are the result.
 */
final class LastUsedScaleBenchmark {

    /**
     * @param tokens   distinct tokens used within one interval
     * @param interval {@code lastUsedInterval}
     * @param threads  request threads
     * @param perSecond authentications per second per request thread after the first sweep
     */
    record Settings(int tokens, Duration interval, int threads, int perSecond) {
    }

    private static final String TOUCH = "UPDATE patauth_token SET last_used_at";
    private static final String REQUEST_THREAD = "lastused-request-";

    /** One request thread's calls: start time and latency, in nanoseconds. */
    private static final class Calls {
        final long[] start;
        final long[] nanos;
        int count;
        long sweepDone;
        long refused;

        Calls(int capacity) {
            start = new long[capacity];
            nanos = new long[capacity];
        }

        void add(long begin, long took) {
            if (count < start.length) {
                start[count] = begin;
                nanos[count] = took;
                count++;
            }
        }
    }

    private LastUsedScaleBenchmark() {
    }

    static void run(Settings settings, Report report) throws Exception {
        int n = settings.tokens();
        try (BenchDatabase database = BenchDatabase.create()) {
            PatAuth.builder().jdbcUrl(database.url(), null, null).build().close();
            Progress.say("last-used: minting and loading %,d tokens", n);
            List<String> tokens = BulkTokens.mint(n, 15_003);
            BulkTokens.loadActive(database.url(), tokens, "lastused-user-", 10);

            HikariConfig config = new HikariConfig();
            config.setPoolName("lastused");
            config.setJdbcUrl(database.url());
            config.setMaximumPoolSize(10);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                StatementLog log = new StatementLog(pool);
                try (PatAuth engine = PatAuth.builder().dataSource(log).cacheTtl(Duration.ofHours(1))
                        .cacheMaxSize(n + 1_000L).lastUsedInterval(settings.interval()).build()) {
                    measure(settings, tokens, engine, log, report);
                }
            }
        }
    }

    private static void measure(Settings settings, List<String> tokens, PatAuth engine, StatementLog log, Report report)
            throws Exception {
        int n = tokens.size();
        GcPauses.listen();
        Progress.say("last-used: caching %,d tokens", n);
        cache(engine, tokens, 8);
        // the first uses are written by one or two flushes; the measured interval starts after them
        long deadline = System.nanoTime() + settings.interval().multipliedBy(3).plusMinutes(1).toNanos();
        while (engine.statistics().lastUsedRows() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the first uses were not written in time");
            }
            Thread.sleep(5);
        }
        PatAuthStatistics before = engine.statistics();
        long phaseStart = System.nanoTime();
        Progress.say("last-used: %d request threads use all %,d tokens, then keep going until the next flush ends",
                settings.threads(), n);

        long maxSeconds = settings.interval().toSeconds() * 3 + 60;
        AtomicInteger running = new AtomicInteger(1);
        List<Calls> calls = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < settings.threads(); t++) {
            int first = t;
            int share = (n - t + settings.threads() - 1) / settings.threads();
            Calls mine = new Calls((int) Math.min(Integer.MAX_VALUE - 8, share + settings.perSecond() * maxSeconds));
            calls.add(mine);
            Thread thread = new Thread(() -> requests(engine, tokens, first, settings, running, mine), REQUEST_THREAD + t);
            threads.add(thread);
            thread.start();
        }
        deadline = System.nanoTime() + settings.interval().multipliedBy(3).plusMinutes(1).toNanos();
        while (engine.statistics().lastUsedFlushes() == before.lastUsedFlushes() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long flushSeen = System.nanoTime();
        // a second of steady requests after the flush, for the latency after it
        Thread.sleep(1_000);
        running.set(0);
        for (Thread thread : threads) {
            thread.join();
        }
        PatAuthStatistics after = engine.statistics();
        write(settings, n, phaseStart, flushSeen, before, after, calls, log.entries(), report);
    }

    /** One authentication of every token, from {@code threadCount} threads, each answer checked. */
    private static void cache(PatAuth engine, List<String> tokens, int threadCount) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong refused = new AtomicLong();
        Thread[] threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++) {
            threads[t] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < tokens.size(); i = next.getAndIncrement()) {
                    if (!(engine.authenticate(tokens.get(i), "127.0.0.1") instanceof AuthResult.Authenticated)) {
                        refused.incrementAndGet();
                    }
                }
            }, "lastused-cache-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " tokens did not authenticate");
        }
    }

    /** A request thread: its share of the tokens as fast as it can, then the same share at a steady pace. */
    private static void requests(PatAuth engine, List<String> tokens, int first, Settings settings, AtomicInteger running,
                                 Calls calls) {
        int step = settings.threads();
        for (int i = first; i < tokens.size(); i += step) {
            call(engine, tokens.get(i), calls);
        }
        calls.sweepDone = System.nanoTime();
        long period = 1_000_000_000L / settings.perSecond();
        long next = System.nanoTime();
        int i = first;
        while (running.get() == 1) {
            call(engine, tokens.get(i), calls);
            i += step;
            if (i >= tokens.size()) {
                i = first;
            }
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private static void call(PatAuth engine, String token, Calls calls) {
        long begin = System.nanoTime();
        AuthResult result = engine.authenticate(token, "127.0.0.1");
        calls.add(begin, System.nanoTime() - begin);
        if (!(result instanceof AuthResult.Authenticated)) {
            calls.refused++;
        }
    }

    private static void write(Settings settings, int n, long phaseStart, long flushSeen, PatAuthStatistics before,
                              PatAuthStatistics after, List<Calls> calls, List<StatementLog.Entry> entries, Report report) {
        // the flush: the last-used UPDATEs after the measured phase began, and the commits of those threads
        List<StatementLog.Entry> updates = entries.stream()
                .filter(e -> e.sql().startsWith(TOUCH) && e.startNanos() >= phaseStart && e.startNanos() <= flushSeen).toList();
        if (updates.isEmpty()) {
            throw new IllegalStateException("no last-used UPDATE after the measured interval began");
        }
        Set<String> flushThreads = updates.stream().map(StatementLog.Entry::thread).collect(Collectors.toCollection(TreeSet::new));
        long flushStart = updates.stream().mapToLong(StatementLog.Entry::startNanos).min().orElseThrow();
        List<StatementLog.Entry> flush = entries.stream().filter(e -> e.startNanos() >= flushStart && e.startNanos() <= flushSeen
                && flushThreads.contains(e.thread())).toList();
        long flushEnd = flush.stream().mapToLong(StatementLog.Entry::endNanos).max().orElseThrow();
        long rows = updates.stream().mapToLong(StatementLog.Entry::batch).sum();
        String batches = updates.stream().map(e -> String.format(Locale.ROOT, "%,d", e.batch())).collect(Collectors.joining(", "));
        // any statement at all on a request thread while they ran, and any last-used UPDATE on one ever
        long onRequestThreads = entries.stream().filter(e -> e.thread().startsWith(REQUEST_THREAD)).count();
        long touchOnRequestThreads = entries.stream().filter(e -> e.sql().startsWith(TOUCH)
                && !e.thread().startsWith("patauth")).count();
        Set<String> allTouchThreads = entries.stream().filter(e -> e.sql().startsWith(TOUCH)).map(StatementLog.Entry::thread)
                .collect(Collectors.toCollection(TreeSet::new));
        long sweepDone = calls.stream().mapToLong(c -> c.sweepDone).max().orElseThrow();
        long refused = calls.stream().mapToLong(c -> c.refused).sum();
        long usesBeforeFlush = 0;
        for (Calls c : calls) {
            for (int i = 0; i < c.count; i++) {
                if (c.start[i] < flushStart) {
                    usesBeforeFlush++;
                }
            }
        }
        long window = flushEnd - flushStart;
        Window during = window(calls, flushStart, flushEnd);
        // just before the flush, but not reaching into the unpaced sweep
        long beforeFrom = Math.max(flushStart - window, sweepDone);
        Window justBefore = window(calls, beforeFrom, flushStart);
        Window oneSecondAfter = window(calls, flushEnd, flushEnd + 1_000_000_000L);
        long flushes = after.lastUsedFlushes() - before.lastUsedFlushes();
        long statRows = after.lastUsedRows() - before.lastUsedRows();

        StringBuilder statements = new StringBuilder("| statement | thread | rows | started (after the first) | took |\n"
                + "|---|---|---:|---:|---:|\n");
        for (StatementLog.Entry e : flush) {
            statements.append(String.format(Locale.ROOT, "| `%s` | %s | %,d | %s | %s |\n",
                    e.sql().equals(StatementLog.COMMIT) ? "COMMIT" : e.sql().substring(0, Math.min(40, e.sql().length())) + "…",
                    e.thread(), e.batch(), Stats.ms((e.startNanos() - flushStart) / 1000.0), Stats.ms(e.nanos() / 1000.0)));
        }
        String latencyTable = "| request-thread calls | calls | p50 | p99 | max | GC pauses in it |\n|---|---:|---:|---:|---:|---:|\n"
                + during.row("during the flush (first statement start to last end)")
                + justBefore.row(beforeFrom == flushStart - window ? "the same length of time just before it"
                        : "from the end of the sweep to the flush (" + Stats.ms((flushStart - beforeFrom) / 1000.0) + ")")
                + oneSecondAfter.row("the second after it");

        report.section(String.format(Locale.ROOT, "Last-used flush of %,d tokens used within one interval", n),
                String.format(Locale.ROOT, """
                A database of its own holds %,d active tokens (COPY-loaded); one engine (`lastUsedInterval(%s)`, cache
                TTL 1 h) gets its connections from a HikariCP pool of 10 through a logging DataSource (`StatementLog`,
                a JDK proxy) that records each statement's thread, SQL, batch rows, start and end. Every token was
                authenticated once (8 threads) to cache it, and the run waited until those first uses were written
                (`statistics().lastUsedRows()`). Right after, %d request threads authenticated every token once
                (each its share, unpaced; all done %s after the previous flush was seen), then kept authenticating
                their cached tokens at %,d calls/s each, every call timed with `System.nanoTime()`, until a second
                after the next flush ended. Between the two flushes the request threads made %,d calls with the %,d
                tokens; %d answers were not `Authenticated`.

                | the flush | |
                |---|---|
                | UPDATE statements (`executeBatch`) | %,d, batch sizes: %s |
                | rows written | %,d (`statistics()`: %,d flush, %,d rows) for %,d distinct tokens |
                | duration, first statement start to last end (COMMIT included) | %s |
                | threads that ran the flush | %s |
                | threads that ever ran a last-used UPDATE | %s |
                | statements of any kind on a request thread | %,d |

                %s
                %s
                The windows are compared on the calls that started in them; GC pauses are this JVM's collections
                (`GarbageCollectionNotificationInfo`, millisecond resolution) that overlap the window, which stop
                request threads whatever caused them. A request thread only reads a flag of
                the cached entry (and queues a use the first time after a flush); the flush runs on patauth's own
                thread and takes the pending uses from a concurrent map, so during the flush request threads should
                see the latencies they see before it. The flush's work in memory before its first statement
                (taking the pending uses) is outside the window.
                """, n, human(settings.interval()), settings.threads(), Stats.ms((sweepDone - phaseStart) / 1000.0),
                settings.perSecond(), usesBeforeFlush, n, refused, updates.size(), batches, rows, flushes, statRows, n,
                Stats.ms(window / 1000.0), String.join(", ", flushThreads), String.join(", ", allTouchThreads),
                onRequestThreads, statements, latencyTable));

        boolean oneRowPerToken = rows == n && statRows == n && flushes == 1 && sweepDone < flushStart;
        report.goal(String.format(Locale.ROOT, "%,d tokens used within one interval: one last-used row per token per flush", n),
                String.format(Locale.ROOT, "%,d calls → %,d UPDATE statement(s), %,d rows in %,d flush; duration %s",
                        usesBeforeFlush, updates.size(), rows, flushes, Stats.ms(window / 1000.0)), oneRowPerToken);
        report.goal("No last-used UPDATE on a request thread",
                String.format(Locale.ROOT, "flush ran on %s; %,d statements on request threads; request p99 %s during"
                                + " the flush vs %s before, max %s vs %s", String.join(", ", flushThreads), onRequestThreads,
                        us(during.p99()), us(justBefore.p99()), us(during.max()), us(justBefore.max())),
                touchOnRequestThreads == 0 && onRequestThreads == 0);
        report.headline(String.format(Locale.ROOT, "Last-used flush of %,d tokens used within one interval", n),
                String.format(Locale.ROOT, "%,d rows in %,d statement(s), %s, on %s; request p99 %s during it (%s before)",
                        rows, updates.size(), Stats.ms(window / 1000.0), String.join(", ", flushThreads),
                        us(during.p99()), us(justBefore.p99())));
        Progress.say("  flush: %,d rows in %d statements, %.1f ms on %s; request p99 %.1f µs during, %.1f µs before, max %.1f vs %.1f µs",
                rows, updates.size(), window / 1e6, flushThreads, during.p99() / 1000.0, justBefore.p99() / 1000.0,
                during.max() / 1000.0, justBefore.max() / 1000.0);
    }

    /** Latencies (ns) of the calls that started in a window. */
    private record Window(int calls, long p50, long p99, long max, String gc) {

        String row(String label) {
            return String.format(Locale.ROOT, "| %s | %,d | %s µs | %s µs | %s µs | %s |\n", label, calls,
                    Stats.f1(p50 / 1000.0), Stats.f1(p99 / 1000.0), Stats.f1(max / 1000.0), gc);
        }
    }

    private static Window window(List<Calls> calls, long from, long to) {
        String gc = GcPauses.within(from, to);
        List<Long> nanos = new ArrayList<>();
        for (Calls c : calls) {
            for (int i = 0; i < c.count; i++) {
                if (c.start[i] >= from && c.start[i] < to) {
                    nanos.add(c.nanos[i]);
                }
            }
        }
        if (nanos.isEmpty()) {
            return new Window(0, 0, 0, 0, gc);
        }
        nanos.sort(null);
        return new Window(nanos.size(), Stats.percentile(nanos, 50), Stats.percentile(nanos, 99), nanos.get(nanos.size() - 1), gc);
    }

    private static String us(long nanos) {
        return Stats.f1(nanos / 1000.0) + " µs";
    }

    private static String human(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
