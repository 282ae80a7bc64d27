package dev.patauth.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time of this (the server's) JVM and of all PostgreSQL processes, for CPU per request. */
final class Cpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Linux reports process times in clock ticks of 1/100 s on every common configuration. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private Cpu() {
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Where the server's CPU went, by thread: Jetty's pool, the common ForkJoinPool (Caffeine's maintenance), the rest. */
    record Sample(long serverNanos, long databaseNanos, java.util.Map<Long, Long> threadNanos,
                  java.util.Map<Long, String> threadNames) {

        Sample minus(Sample before) {
            java.util.Map<Long, Long> delta = new java.util.HashMap<>();
            threadNanos.forEach((id, nanos) -> delta.put(id, nanos - before.threadNanos.getOrDefault(id, 0L)));
            return new Sample(serverNanos - before.serverNanos, databaseNanos - before.databaseNanos, delta, threadNames);
        }

        /** CPU of the threads whose name starts with one of {@code prefixes}. */
        long threadsNanos(String... prefixes) {
            long sum = 0;
            for (var entry : threadNanos.entrySet()) {
                String name = threadNames.getOrDefault(entry.getKey(), "");
                for (String prefix : prefixes) {
                    if (name.startsWith(prefix)) {
                        sum += entry.getValue();
                        break;
                    }
                }
            }
            return sum;
        }
    }

    static Sample sample() {
        java.util.Map<Long, Long> nanos = new java.util.HashMap<>();
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    nanos.put(info.getThreadId(), cpu);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        return new Sample(OS.getProcessCpuTime(), postgresNanos(), nanos, names);
    }

    /** User + system time of every process named postgres (backends, walwriter, …); 0 where /proc cannot tell. */
    private static long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(open + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after "(comm) ": state is field 0, utime field 11, stime field 12
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException vanished) {
                    // a process that ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }
}
