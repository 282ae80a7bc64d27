package dev.patauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Resolves a token owner's current roles with the app's {@code patauth.roles-query}. An owner
 * the query returns no row for no longer resolves, and so has no valid tokens; rows whose
 * role is NULL count as "the account exists" without adding a role.
 */
public final class RoleResolver {

    private final DataSource dataSource;
    private final String rolesQuery;

    public RoleResolver(DataSource dataSource, String rolesQuery) {
        this.dataSource = dataSource;
        this.rolesQuery = rolesQuery;
    }

    /** The owner's roles, or empty when the owner no longer resolves. */
    public Optional<Set<String>> rolesOf(String userId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(rolesQuery)) {
            query.setString(1, userId);
            try (ResultSet rs = query.executeQuery()) {
                boolean found = false;
                Set<String> roles = new HashSet<>();
                while (rs.next()) {
                    found = true;
                    String role = rs.getString(1);
                    if (role != null) {
                        roles.add(role);
                    }
                }
                return found ? Optional.of(Set.copyOf(roles)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of("resolve the roles of user " + userId + " with patauth.roles-query", e);
        }
    }
}
