package dev.patauth.samples;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ServiceLoader;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Stands in for the app's own user database: creates {@code demo_user_role} in patauth's
 * database and fills it with the {@link SampleAccount}s' roles. The sample's
 * {@code patauth.roles-query} reads this table, as a real app's would read its user tables.
 * Declared in web.xml before {@link dev.patauth.servlet.PatAuthListener}.
 */
public class SampleAccountsListener implements ServletContextListener {

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS demo_user_role ("
            + " user_name VARCHAR(255) NOT NULL, role VARCHAR(50) NOT NULL, PRIMARY KEY (user_name, role))";
    static final String ADD_ROLE = "INSERT INTO demo_user_role (user_name, role)"
            + " SELECT CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(50))"
            + " WHERE NOT EXISTS (SELECT 1 FROM demo_user_role WHERE user_name = ? AND role = ?)";

    /** The listener of web.xml; throws nothing. */
    public SampleAccountsListener() {
    }

    /**
     * Creates the table, when missing, and adds each sample account's roles.
     *
     * @throws IllegalStateException when the database named by {@code patauth.datasource} or
     *         {@code patauth.jdbc.url} cannot be reached or refuses the statements; the webapp
     *         then does not start
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        registerBundledDrivers(context.getClassLoader());
        try (Connection connection = connect(context)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_TABLE);
            }
            try (PreparedStatement add = connection.prepareStatement(ADD_ROLE)) {
                for (SampleAccount account : SampleAccount.values()) {
                    for (String role : account.roles()) {
                        add.setString(1, account.user());
                        add.setString(2, role);
                        add.setString(3, account.user());
                        add.setString(4, role);
                        add.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The sample could not create its demo_user_role table: " + e.getMessage(), e);
        }
    }

    /** Deregisters the drivers this webapp brought, after patauth has closed its pool; throws nothing (a failure is logged). */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ClassLoader webapp = event.getServletContext().getClassLoader();
        for (Driver driver : DriverManager.drivers().toList()) {
            if (driver.getClass().getClassLoader() == webapp) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    event.getServletContext().log("could not deregister JDBC driver " + driver.getClass().getName(), e);
                }
            }
        }
    }

    /**
     * The JDK registers JDBC drivers once, from the class path it starts with; Tomcat makes
     * sure that scan never sees a webapp's WEB-INF/lib. Loading the WAR's drivers here
     * registers them for this webapp, so patauth's pool finds them by URL.
     */
    private static void registerBundledDrivers(ClassLoader webapp) {
        // creating each driver runs its static block, which registers it with DriverManager
        ServiceLoader.load(Driver.class, webapp).forEach(driver -> { });
    }

    private static Connection connect(ServletContext context) throws SQLException {
        String jndiName = context.getInitParameter("patauth.datasource");
        if (jndiName != null && !jndiName.isBlank()) {
            try {
                return ((DataSource) new InitialContext().lookup(jndiName.trim())).getConnection();
            } catch (NamingException e) {
                throw new SQLException("no DataSource at " + jndiName, e);
            }
        }
        return DriverManager.getConnection(context.getInitParameter("patauth.jdbc.url"),
                context.getInitParameter("patauth.jdbc.user"), context.getInitParameter("patauth.jdbc.password"));
    }
}
