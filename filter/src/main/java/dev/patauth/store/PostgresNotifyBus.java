package dev.patauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL {@code NOTIFY} in the revoking transaction, and one dedicated {@code LISTEN}
 * connection per node. A dead or silently dropped connection is noticed within seconds (short
 * waits, a validity check every few seconds, TCP keepalive where patauth opens the connection);
 * after every reconnect the whole cache is dropped, since notifications may have been missed.
 */
public final class PostgresNotifyBus implements RevocationBus {

    public static final String CHANNEL = "patauth_invalidation";
    public static final String APPLICATION_NAME = "patauth-listener";

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifyBus.class);
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?)";
    private static final String TOKEN = "t:";
    private static final String USER = "u:";
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int VALIDITY_TIMEOUT_SECONDS = 2;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Opens the listener's own connection; it is closed by the listener. */
    public interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private final ConnectionOpener opener;
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Connection current;
    private volatile boolean listening;
    /** When the current LISTEN succeeded; null while not listening. */
    private volatile Instant listeningSince;
    private volatile long reconnects;
    private boolean listenedBefore;
    private Thread thread;

    public PostgresNotifyBus(ConnectionOpener opener) {
        this.opener = opener;
    }

    @Override
    public void announceRevocation(Connection transaction, TokenHash hash) throws SQLException {
        notify(transaction, TOKEN + HexFormat.of().formatHex(hash.bytes()));
    }

    @Override
    public void announceUserChange(Connection transaction, String userId, Instant now) throws SQLException {
        notify(transaction, USER + userId);
    }

    private static void notify(Connection transaction, String payload) throws SQLException {
        try (PreparedStatement notify = transaction.prepareStatement(NOTIFY)) {
            notify.setString(1, payload);
            notify.execute();
        }
    }

    @Override
    public void start(Invalidations sink) {
        thread = new Thread(() -> listen(sink), "patauth-revocation-listener");
        thread.setDaemon(true);
        thread.start();
        // serve requests only once listening, so no revocation falls between start and LISTEN
        try {
            firstListen.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen(Invalidations sink) {
        boolean outage = false;
        Duration backoff = Duration.ofMillis(100);
        while (!closed) {
            try (Connection connection = opener.open()) {
                current = connection;
                // before LISTEN: a connection patauth cannot listen on is an outage, with its backoff
                PGConnection listener = pgConnection(connection);
                connection.setClientInfo("ApplicationName", APPLICATION_NAME);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                // listening from here on; whatever happened before may have been missed
                sink.all();
                listeningSince = Instant.now();
                listening = true;
                if (listenedBefore) {
                    reconnects++; // only this thread writes it
                }
                listenedBefore = true;
                firstListen.countDown();
                if (outage) {
                    outage = false;
                    log.info("patauth hears revocations from other nodes again; its cache was emptied in case it missed some");
                }
                backoff = Duration.ofMillis(100);
                receive(listener, connection, sink);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!outage) {
                    outage = true;
                    log.warn("patauth lost its revocation listener connection and reconnects; until then other nodes'"
                            + " revocations reach this node only through the cache TTL: {}", e.getMessage());
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                listening = false;
                listeningSince = null;
                current = null;
            }
        }
    }

    /**
     * The pgjdbc connection under the DataSource's wrapper. It fails when the connection is
     * not one of the pgjdbc that patauth was loaded with: typically a second copy of the
     * driver, in WEB-INF/lib besides the server's lib folder.
     */
    private static PGConnection pgConnection(Connection connection) throws SQLException {
        try {
            return connection.unwrap(PGConnection.class);
        } catch (SQLException | RuntimeException e) {
            throw new SQLException("patauth cannot LISTEN on this connection: it is not a connection of the PostgreSQL"
                    + " driver patauth sees (is there a second copy of the driver in WEB-INF/lib?): " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isConnected() {
        return listening;
    }

    @Override
    public Optional<Instant> connectedSince() {
        return Optional.ofNullable(listeningSince);
    }

    @Override
    public long reconnects() {
        return reconnects;
    }

    private void receive(PGConnection listener, Connection connection, Invalidations sink) throws SQLException {
        long lastCheck = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = listener.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    deliver(notification.getParameter(), sink);
                }
            }
            if (System.nanoTime() - lastCheck > CHECK_EVERY_NANOS) {
                if (!connection.isValid(VALIDITY_TIMEOUT_SECONDS)) {
                    throw new SQLException("the listener connection stopped answering");
                }
                lastCheck = System.nanoTime();
            }
        }
    }

    private static void deliver(String payload, Invalidations sink) {
        if (payload.startsWith(TOKEN)) {
            sink.token(TokenHash.fromBytes(HexFormat.of().parseHex(payload, TOKEN.length(), payload.length())));
        } else if (payload.startsWith(USER)) {
            sink.user(payload.substring(USER.length()));
        }
    }

    private void pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            Connection connection = current;
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
