package dev.patauth;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a real DataSource and counts what reaches the database: statements executed, by the
 * start of their SQL, and rows sent in batches. Everything is passed through unchanged.
 */
final class CountingDataSource implements DataSource {

    private final DataSource delegate;
    private final ConcurrentHashMap<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> batchRows = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** How many times a statement whose SQL starts with {@code sqlPrefix} was executed. */
    int executions(String sqlPrefix) {
        return sum(executions, sqlPrefix);
    }

    /** How many connections were asked for. */
    int connections() {
        return connections.get();
    }

    /** How many rows were added to batches of statements starting with {@code sqlPrefix}. */
    int batchRows(String sqlPrefix) {
        return sum(batchRows, sqlPrefix);
    }

    @Override
    public String toString() {
        return executions.toString();
    }

    void reset() {
        executions.clear();
        batchRows.clear();
    }

    private static int sum(ConcurrentHashMap<String, AtomicInteger> counts, String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.incrementAndGet();
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        connections.incrementAndGet();
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
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("execute")) {
                executions.computeIfAbsent(sql, k -> new AtomicInteger()).incrementAndGet();
            } else if (name.equals("addBatch")) {
                batchRows.computeIfAbsent(sql, k -> new AtomicInteger()).incrementAndGet();
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
