package dev.patauth.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The baseline: what a token filter without a cache does, one indexed SELECT by hash per
 * request through a connection pool, against the same table and index patauth uses.
 */
final class NaiveSelectFilter implements Filter {

    private static final String FIND = "SELECT user_id FROM patauth_token WHERE token_hash = ? AND revoked_at IS NULL";
    private static final String PREFIX = "Bearer ";

    private final DataSource dataSource;

    NaiveSelectFilter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith(PREFIX)) {
            response.sendError(401);
            return;
        }
        byte[] hash = sha256(header.substring(PREFIX.length()));
        String user;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setBytes(1, hash);
            try (ResultSet rs = find.executeQuery()) {
                user = rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            response.sendError(503);
            return;
        }
        if (user == null) {
            response.sendError(401);
            return;
        }
        Principal principal = () -> user;
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return user;
            }
        }, response);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
