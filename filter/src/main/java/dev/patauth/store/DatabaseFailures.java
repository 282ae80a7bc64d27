package dev.patauth.store;

import dev.patauth.PatAuthStoreException;
import dev.patauth.PatAuthUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a database that cannot be reached (503, retry later) from one that refused what it was
 * sent (500, retrying will not help), by the JDBC exception class and the SQLState.
 */
public final class DatabaseFailures {

    /**
     * SQLState classes of unavailability: 08 connection exception, 40 transaction rollback
     * (serialization failure, deadlock), 53 insufficient resources, 57 operator intervention
     * (shutdown, statement timeout), 58 system error, HY timeouts; and lock_not_available.
     */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> UNAVAILABLE_STATES = Set.of("55P03", "HYT00", "HYT01", "HY008");

    private DatabaseFailures() {
    }

    /** The exception to throw for a failed {@code action}, such as "list the tokens of user alice". */
    public static RuntimeException of(String action, SQLException e) {
        if (isUnavailable(e)) {
            return new PatAuthUnavailableException("patauth could not " + action + " because the token database failed"
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
        return new PatAuthStoreException("patauth could not " + action + " because the token database refused it"
                + " (SQLState " + e.getSQLState() + "); this is a data or schema error, not an outage", e);
    }

    /** Whether the database could not be reached or answer in time, so that a retry may succeed. */
    public static boolean isUnavailable(SQLException e) {
        // SQLTransientException covers SQLTransientConnectionException (a pool's connection timeout),
        // SQLTimeoutException and SQLTransactionRollbackException
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && state.length() == 5
                && (UNAVAILABLE_CLASSES.contains(state.substring(0, 2)) || UNAVAILABLE_STATES.contains(state));
    }
}
