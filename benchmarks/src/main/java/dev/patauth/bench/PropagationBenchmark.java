package dev.patauth.bench;

import static dev.patauth.bench.Stats.percentile;

import dev.patauth.AuthResult;
import dev.patauth.CreatedToken;
import dev.patauth.PatAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Revocation across two nodes: two engines, each with its own pool and LISTEN connection, on
 * one database. The token is cached on both; A revokes it and this thread spins on B until B
 * refuses it. Both clocks are this JVM's {@code System.nanoTime}, so no clock skew enters.
 * Every check goes through {@code authenticate(token, clientAddress)} from one address, whose
 * refusal budget is set out of reach: each revocation is refused once by A and once by B, and a
 * throttled answer would end the wait without B having seen the revocation.
 */
final class PropagationBenchmark {

    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final String CLIENT_ADDRESS = "127.0.0.1";

    private PropagationBenchmark() {
    }

    static void run(String jdbcUrl, int warmup, int measured, Report report) {
        List<Long> fromCall = new ArrayList<>();
        List<Long> fromReturn = new ArrayList<>();
        List<Long> revokeCall = new ArrayList<>();
        int timeouts = 0;
        int localFailures = 0;
        try (PatAuth a = node(jdbcUrl); PatAuth b = node(jdbcUrl)) {
            String user = "propagation";
            for (int i = 0; i < warmup + measured; i++) {
                CreatedToken created = a.create(user, "propagation " + i);
                String token = created.token();
                if (!accepted(a, token) || !accepted(b, token)) {
                    throw new IllegalStateException("a new token was refused");
                }
                long called = System.nanoTime();
                a.revoke(user, created.info().id());
                long returned = System.nanoTime();
                if (accepted(a, token)) {
                    localFailures++;
                }
                long refused = -1;
                while (refused < 0) {
                    if (!accepted(b, token)) {
                        refused = System.nanoTime();
                    } else if (System.nanoTime() - returned > GIVE_UP_NANOS) {
                        break;
                    } else {
                        // a short park, not a busy spin: on 2 cores a spinning thread would take the CPU that
                        // B's listener and PostgreSQL need to deliver the news; this costs at most ~0.1 ms of precision
                        java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
                    }
                }
                if (i < warmup) {
                    continue;
                }
                if (refused < 0) {
                    timeouts++;
                    continue;
                }
                fromCall.add((refused - called) / 1_000);
                fromReturn.add((refused - returned) / 1_000);
                revokeCall.add((returned - called) / 1_000);
            }
        }
        fromCall.sort(null);
        fromReturn.sort(null);
        revokeCall.sort(null);
        String table = String.format(Locale.ROOT, """
                | measured from | p50 | p99 | max |
                |---|---:|---:|---:|
                | A's `revoke()` call until B refuses | %s | %s | %s |
                | A's `revoke()` return (committed) until B refuses | %s | %s | %s |
                | (A's `revoke()` itself: its transaction with NOTIFY) | %s | %s | %s |
                """,
                Stats.ms(percentile(fromCall, 50)), Stats.ms(percentile(fromCall, 99)), Stats.ms(fromCall.get(fromCall.size() - 1)),
                Stats.ms(percentile(fromReturn, 50)), Stats.ms(percentile(fromReturn, 99)),
                Stats.ms(fromReturn.get(fromReturn.size() - 1)),
                Stats.ms(percentile(revokeCall, 50)), Stats.ms(percentile(revokeCall, 99)),
                Stats.ms(revokeCall.get(revokeCall.size() - 1)));
        report.section("Revocation propagation", String.format(Locale.ROOT, """
                Two engines (nodes A and B) in one JVM, each built with `.jdbcUrl(…)` (its own HikariCP pool and its
                own LISTEN connection) and `Invalidation.NOTIFY`, sharing the database. Per revocation: A creates a
                token, A and B authenticate it (B caches it), A revokes it, and the benchmark thread calls
                `B.authenticate` every 20 µs (a `parkNanos` loop, so that the measuring thread does not take a whole
                core from B's listener and PostgreSQL) until it is refused; that last call includes B's reload of
                the hash, one SELECT. %d warm-up revocations, then %d measured; %d timed out (5 s), A itself accepted a token
                after its own revoke %d times.

                %s""", warmup, measured, timeouts, localFailures, table));
        long p99 = percentile(fromCall, 99);
        if (p99 > 10_000) {
            report.analysis(String.format(Locale.ROOT, """
                    **Revocation propagation.** p99 from A's `revoke()` call was %s (p50 %s). A's own revoke
                    transaction (lock the row, UPDATE, `pg_notify`, COMMIT with its WAL flush) took p50 %s and p99
                    %s; from A's commit until B refused took p50 %s and p99 %s, which is PostgreSQL delivering the
                    notification to B's LISTEN connection, B's listener thread waking up and invalidating the
                    entry, and B's one SELECT to reload the hash. The tail is scheduling, not work: the median path
                    takes about a millisecond, and on 2 cores the two engines, their pools, three PostgreSQL
                    backends and the measuring thread compete for the CPU. The listener blocks in
                    `PGConnection.getNotifications(500)`, which returns as soon as a notification arrives, so
                    there is no polling delay to remove in patauth; a node on its own machine would not share its
                    cores with the revoking node.""",
                    Stats.ms(p99), Stats.ms(percentile(fromCall, 50)), Stats.ms(percentile(revokeCall, 50)),
                    Stats.ms(percentile(revokeCall, 99)), Stats.ms(percentile(fromReturn, 50)),
                    Stats.ms(percentile(fromReturn, 99))));
        }
        report.goal("Revocation reaches another node: p99 ≤ 10 ms (from A's revoke() call, " + measured + " revocations)",
                "p50 " + Stats.ms(percentile(fromCall, 50)) + ", p99 " + Stats.ms(p99) + ", " + timeouts + " timeouts",
                p99 <= 10_000 && timeouts == 0 && localFailures == 0);
        report.headline("Revocation seen by another node (NOTIFY), " + measured + " revocations",
                "p50 " + Stats.ms(percentile(fromCall, 50)) + ", p99 " + Stats.ms(p99));
    }

    /** True when the node accepts the token, false when it refuses it; anything else ends the run. */
    static boolean accepted(PatAuth node, String token) {
        AuthResult result = node.authenticate(token, CLIENT_ADDRESS);
        if (result instanceof AuthResult.Authenticated) {
            return true;
        }
        if (result instanceof AuthResult.Refused) {
            return false;
        }
        throw new IllegalStateException("a node answered neither accepted nor refused: " + result);
    }

    private static PatAuth node(String jdbcUrl) {
        return PatAuth.builder()
                .jdbcUrl(jdbcUrl, null, null)
                .invalidation(PatAuth.Invalidation.NOTIFY)
                .cacheTtl(Duration.ofHours(1))
                .failuresPerMinute(Integer.MAX_VALUE)
                .build();
    }
}
