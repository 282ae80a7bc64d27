package dev.patauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For databases without NOTIFY: every node asks, once per interval, which tokens were revoked
 * and which accounts changed since its last successful poll. The window reaches back a few
 * seconds further than that, for transactions that committed late and clocks that differ a
 * little between nodes; dropping an entry twice costs nothing.
 */
public final class PollingBus implements RevocationBus {

    private static final Logger log = LoggerFactory.getLogger(PollingBus.class);
    /** Revoked tokens, and tokens whose expiry was brought forward (a rotation's grace), since the last poll. */
    private static final String REVOKED_SINCE = "SELECT token_hash FROM patauth_token WHERE revoked_at > ?"
            + " UNION SELECT token_hash FROM patauth_token WHERE changed_at > ?";
    private static final String CHANGED_SINCE = "SELECT user_id FROM patauth_owner WHERE invalidated_at > ?";
    private static final String MARK_CHANGED = "UPDATE patauth_owner SET invalidated_at = ? WHERE user_id = ?";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private final Duration interval;
    private final Duration overlap;
    private final EngineThreads threads = new EngineThreads("patauth-revocation-poller");
    private final ScheduledExecutorService poller;
    private Instant lastPoll;
    private volatile boolean failing;
    /** The start, or the first successful poll after failed ones; null while polls fail. */
    private volatile Instant succeedingSince;
    private volatile long recoveries;

    public PollingBus(DataSource dataSource, Dialect dialect, Clock clock, Duration interval) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.interval = interval;
        Duration twice = interval.multipliedBy(2);
        this.overlap = twice.compareTo(Duration.ofSeconds(5)) > 0 ? twice : Duration.ofSeconds(5);
        this.poller = Executors.newSingleThreadScheduledExecutor(threads);
    }

    @Override
    public void announceRevocation(Connection transaction, TokenHash hash) {
        // the row's revoked_at is the announcement
    }

    @Override
    public void announceUserChange(Connection transaction, String userId, Instant now) throws SQLException {
        try (PreparedStatement mark = transaction.prepareStatement(MARK_CHANGED)) {
            mark.setObject(1, dialect.timestamp(now));
            mark.setString(2, userId);
            mark.executeUpdate();
        }
    }

    @Override
    public void start(Invalidations sink) {
        lastPoll = clock.instant();
        succeedingSince = lastPoll;
        long millis = interval.toMillis();
        poller.scheduleWithFixedDelay(() -> poll(sink), millis, millis, TimeUnit.MILLISECONDS);
    }

    private void poll(Invalidations sink) {
        Instant startedAt = clock.instant();
        Instant since = lastPoll.minus(overlap);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement revoked = connection.prepareStatement(REVOKED_SINCE)) {
                revoked.setObject(1, dialect.timestamp(since));
                revoked.setObject(2, dialect.timestamp(since));
                try (ResultSet rs = revoked.executeQuery()) {
                    while (rs.next()) {
                        sink.token(TokenHash.fromBytes(rs.getBytes(1)));
                    }
                }
            }
            try (PreparedStatement changed = connection.prepareStatement(CHANGED_SINCE)) {
                changed.setObject(1, dialect.timestamp(since));
                try (ResultSet rs = changed.executeQuery()) {
                    while (rs.next()) {
                        sink.user(rs.getString(1));
                    }
                }
            }
            lastPoll = startedAt;
            if (failing) {
                succeedingSince = startedAt;
                recoveries++; // only the poller thread writes it
                failing = false;
                log.info("patauth polls for revocations again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                succeedingSince = null;
                log.warn("patauth cannot poll for revocations and keeps trying; what it missed is read when the"
                        + " database answers again: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isConnected() {
        return !failing;
    }

    @Override
    public Optional<Instant> connectedSince() {
        return Optional.ofNullable(succeedingSince);
    }

    @Override
    public long reconnects() {
        return recoveries;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.awaitEnd(Duration.ofSeconds(5));
    }
}
