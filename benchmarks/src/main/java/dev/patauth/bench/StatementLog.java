package dev.patauth.bench;

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
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource around a real one that logs every prepared statement executed and every commit:
 * which thread ran it, the start of its SQL, how many rows a batch carried, and when it started
 * and ended ({@code System.nanoTime()}). Everything is passed through unchanged. For the last-used
 * benchmark, which must show who runs the flush's UPDATE and for how long; the SQL is patauth's
 * own, never a token.
 */
final class StatementLog implements DataSource {

    /** One execution: {@code batch} is the rows of an executeBatch, 1 for a single execution, 0 for a commit. */
    record Entry(String thread, String sql, int batch, long startNanos, long endNanos) {

        long nanos() {
            return endNanos - startNanos;
        }
    }

    static final String COMMIT = "COMMIT";

    private final DataSource delegate;
    private final List<Entry> entries = new ArrayList<>();

    StatementLog(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Everything logged so far, in the order the executions ended. */
    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    private synchronized void add(Entry entry) {
        entries.add(entry);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commit")) {
                long start = System.nanoTime();
                Object result = invoke(connection, method, args);
                add(new Entry(Thread.currentThread().getName(), COMMIT, 0, start, System.nanoTime()));
                return result;
            }
            Object result = invoke(connection, method, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                return logging((PreparedStatement) result, sql);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private PreparedStatement logging(PreparedStatement statement, String sql) {
        String stripped = sql.strip();
        String prefix = stripped.substring(0, Math.min(60, stripped.length()));
        int[] rows = new int[1];
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("addBatch")) {
                rows[0]++;
                return invoke(statement, method, args);
            }
            if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                long begin = System.nanoTime();
                Object result = invoke(statement, method, args);
                add(new Entry(Thread.currentThread().getName(), prefix, rows[0], begin, System.nanoTime()));
                rows[0] = 0;
                return result;
            }
            if (name.startsWith("execute")) {
                long begin = System.nanoTime();
                Object result = invoke(statement, method, args);
                add(new Entry(Thread.currentThread().getName(), prefix, 1, begin, System.nanoTime()));
                return result;
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
