package dev.patauth.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patauth.PatAuthConfigException;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HikariCP pool patauth opens for {@code patauth.jdbc.url}, sized by
 * {@code patauth.jdbc.pool-size}, and everything closing it must
 * undo so that a container can unload the webapp: the pool's threads are waited for, and the
 * JDBC drivers that patauth's driver lookup loaded from the webapp's own jars are deregistered.
 */
public final class OwnedPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnedPool.class);

    private final HikariDataSource pool;
    private final EngineThreads threads;
    private final String url;
    private final Properties listenerProperties;
    private final Optional<Driver> driver;
    private final Optional<ClassLoader> webappLoader;

    private OwnedPool(HikariDataSource pool, EngineThreads threads, String url, Properties listenerProperties,
                      Optional<Driver> driver) {
        this.pool = pool;
        this.threads = threads;
        this.url = url;
        this.listenerProperties = listenerProperties;
        this.driver = driver;
        this.webappLoader = driver.map(found -> found.getClass().getClassLoader()).filter(OwnedPool::isAWebappsOwn);
    }

    /**
     * Opens the pool: at most {@code size} connections, of which one is opened now and kept
     * open; more are opened only while requests wait for one, and close again after Hikari's
     * idle timeout (10 minutes). {@code urlSetting} names the URL's setting in the error when
     * the database cannot be reached.
     */
    public static OwnedPool open(String url, String user, String password, int size, String urlSetting) {
        Optional<Driver> driver = driverFor(url);
        EngineThreads threads = new EngineThreads("patauth-pool");
        HikariConfig config = new HikariConfig();
        config.setPoolName("patauth");
        config.setJdbcUrl(url);
        driver.ifPresent(found -> config.setDriverClassName(found.getClass().getName()));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        // Hikari keeps maximumPoolSize connections open unless told otherwise; patauth's database
        // work is light (cache misses, token management, background writes), so one stays open
        config.setMinimumIdle(1);
        // a cache miss during an outage should become a 503 quickly, not hang the request
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setThreadFactory(threads);
        Properties listener = new Properties();
        if (user != null) {
            listener.setProperty("user", user);
        }
        if (password != null) {
            listener.setProperty("password", password);
        }
        listener.setProperty("tcpKeepAlive", "true");
        listener.setProperty("connectTimeout", "5");
        try {
            return new OwnedPool(new HikariDataSource(config), threads, url, listener, driver);
        } catch (RuntimeException e) {
            throw new PatAuthConfigException("patauth could not connect to " + urlSetting + " (" + e.getMessage() + ")", e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** patauth's own connections for the revocation listener, so that it takes no slot of the pool. */
    public PostgresNotifyBus.ConnectionOpener listenerConnections() {
        return () -> driver.isPresent() ? driver.get().connect(url, listenerProperties)
                : DriverManager.getConnection(url, listenerProperties);
    }

    @Override
    public void close() {
        pool.close();
        threads.awaitEnd(Duration.ofSeconds(5));
        webappLoader.ifPresent(OwnedPool::deregisterDriversOf);
    }

    /**
     * The driver for the URL, looked up where the webapp's own jars are. DriverManager
     * alone misses a driver in WEB-INF/lib: it registers drivers once, from the class path
     * the JVM started with, which a container does not give a webapp.
     */
    public static Optional<Driver> driverFor(String url) {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(OwnedPool.class.getClassLoader());
        for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
            try {
                if (driver.acceptsURL(url)) {
                    return Optional.of(driver);
                }
            } catch (SQLException ignored) {
                // this driver cannot tell; ask the next
            }
        }
        return Optional.empty();
    }

    /**
     * Whether drivers from this class loader came with patauth in a webapp (both in its
     * WEB-INF/lib), as opposed to the application class path, whose drivers the whole JVM
     * shares and which patauth must leave registered.
     */
    private static boolean isAWebappsOwn(ClassLoader loader) {
        if (loader != OwnedPool.class.getClassLoader()) {
            return false;
        }
        for (ClassLoader shared = ClassLoader.getSystemClassLoader(); shared != null; shared = shared.getParent()) {
            if (shared == loader) {
                return false;
            }
        }
        return true;
    }

    /**
     * Drivers register themselves with DriverManager when their class is loaded, which
     * patauth's lookup does for every driver in the webapp's jars; left registered, they keep
     * the webapp's class loader alive after it is undeployed (and Tomcat warns of it).
     */
    private static void deregisterDriversOf(ClassLoader loader) {
        for (Driver registered : DriverManager.drivers().toList()) {
            if (registered.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(registered);
                    log.debug("patauth deregistered the JDBC driver {} of its webapp", registered.getClass().getName());
                } catch (SQLException | SecurityException e) {
                    log.warn("patauth could not deregister the JDBC driver {}: {}", registered.getClass().getName(), e.toString());
                }
            }
        }
    }
}
