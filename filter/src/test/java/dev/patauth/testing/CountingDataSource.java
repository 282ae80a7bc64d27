package dev.patauth.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a real DataSource and counts what reaches the database through prepared statements;
 * everything is passed through unchanged. The tests ask about one statement (executions and
 * batch rows by the start of its SQL, and connections asked for); the benchmarks ask for
 * totals (SELECT and UPDATE executions and the rows sent in UPDATE batches) and, for the
 * last-used UPDATE, when each token id was written, so that "at most one write per token per
 * interval" can be checked rather than assumed.
 */
public final class CountingDataSource implements DataSource {

    private final DataSource delegate;
    private final LongAdder connections = new LongAdder();
    private final Map<String, LongAdder> executions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> batchRows = new ConcurrentHashMap<>();
    private final LongAdder selects = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder updateRows = new LongAdder();
    private final Map<Object, List<Long>> lastUsedWrites = new ConcurrentHashMap<>();
    private final LongAdder lastUsedFlushes = new LongAdder();

    public CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** How many times a statement whose SQL starts with {@code sqlPrefix} was executed (a batch counts once). */
    public int executions(String sqlPrefix) {
        return sum(executions, sqlPrefix);
    }

    /** How many rows were added to batches of statements whose SQL starts with {@code sqlPrefix}. */
    public int batchRows(String sqlPrefix) {
        return sum(batchRows, sqlPrefix);
    }

    /** How many connections were asked for. */
    public int connections() {
        return (int) connections.sum();
    }

    /** Forgets everything counted so far. */
    public void reset() {
        connections.reset();
        executions.clear();
        batchRows.clear();
        selects.reset();
        updates.reset();
        updateRows.reset();
        lastUsedWrites.clear();
        lastUsedFlushes.reset();
    }

    /** A snapshot of the totals so far. */
    public Counts counts() {
        return new Counts(selects.sum(), updates.sum(), updateRows.sum());
    }

    /**
     * Totals: SELECT executions ({@code pg_notify} calls left out), UPDATE executions (a batch
     * counts once) and UPDATE rows (each row of a batch counts).
     */
    public record Counts(long selects, long updates, long updateRows) {

        /** What was counted since {@code before}. */
        public Counts minus(Counts before) {
            return new Counts(selects - before.selects, updates - before.updates, updateRows - before.updateRows);
        }
    }

    /** Last-used writes seen so far: how many, for how many tokens, and how close two writes of one token came. */
    public LastUsedWrites lastUsedWrites() {
        long rows = 0;
        long maxPerToken = 0;
        long minGapNanos = Long.MAX_VALUE;
        for (List<Long> times : lastUsedWrites.values()) {
            List<Long> sorted;
            synchronized (times) {
                sorted = new ArrayList<>(times);
            }
            sorted.sort(null);
            rows += sorted.size();
            maxPerToken = Math.max(maxPerToken, sorted.size());
            for (int i = 1; i < sorted.size(); i++) {
                minGapNanos = Math.min(minGapNanos, sorted.get(i) - sorted.get(i - 1));
            }
        }
        return new LastUsedWrites(lastUsedFlushes.sum(), rows, lastUsedWrites.size(), maxPerToken, minGapNanos);
    }

    /**
     * @param flushes             batches of the last-used UPDATE executed
     * @param rows                rows in them
     * @param tokens              distinct token ids written
     * @param maxWritesOfOneToken the most writes of any one token id
     * @param minGapNanos         the shortest time between two writes of one token id ({@code Long.MAX_VALUE} if none)
     */
    public record LastUsedWrites(long flushes, long rows, long tokens, long maxWritesOfOneToken, long minGapNanos) {
    }

    @Override
    public String toString() {
        return executions.toString();
    }

    private static int sum(Map<String, LongAdder> counts, String prefix) {
        return (int) counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().sum()).sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.increment();
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        connections.increment();
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(connection, method, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                return counting((PreparedStatement) result, sql);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private PreparedStatement counting(PreparedStatement statement, String sql) {
        String start = sql.stripLeading().toUpperCase(Locale.ROOT);
        boolean select = start.startsWith("SELECT") && !start.startsWith("SELECT PG_NOTIFY");
        boolean update = start.startsWith("UPDATE");
        // the engine's last-used UPDATE binds one UUID, the token id
        boolean lastUsed = update && start.contains("LAST_USED_AT");
        List<Object> batchIds = new ArrayList<>();
        Object[] currentId = new Object[1];
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (lastUsed && name.equals("setObject") && args[1] instanceof java.util.UUID) {
                currentId[0] = args[1];
            } else if (name.equals("addBatch")) {
                batchRows.computeIfAbsent(sql, k -> new LongAdder()).increment();
                if (update) {
                    updateRows.increment();
                }
                if (lastUsed) {
                    batchIds.add(currentId[0]);
                }
            } else if (name.equals("executeBatch")) {
                executions.computeIfAbsent(sql, k -> new LongAdder()).increment();
                if (update) {
                    updates.increment();
                }
                if (lastUsed) {
                    long now = System.nanoTime();
                    lastUsedFlushes.increment();
                    for (Object id : batchIds) {
                        List<Long> times = lastUsedWrites.computeIfAbsent(id, k -> new ArrayList<>());
                        synchronized (times) {
                            times.add(now);
                        }
                    }
                    batchIds.clear();
                }
            } else if (name.startsWith("execute")) {
                executions.computeIfAbsent(sql, k -> new LongAdder()).increment();
                if (select) {
                    selects.increment();
                } else if (update) {
                    updates.increment();
                    updateRows.increment();
                }
            }
            return invoke(statement, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
