package dev.patauth.servlet;

import dev.patauth.TokenPrincipal;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.Optional;

/** The request the app sees after a valid token: its principal, user and roles are the token owner's. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    static final String AUTH_TYPE = "Bearer";

    private final TokenPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, TokenPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    /** The principal of a token that an earlier patauth filter authenticated this request with, if any. */
    static Optional<TokenPrincipal> of(ServletRequest request) {
        for (ServletRequest layer = request; layer != null;
             layer = layer instanceof ServletRequestWrapper wrapper ? wrapper.getRequest() : null) {
            if (layer instanceof AuthenticatedRequest authenticated) {
                return Optional.of(authenticated.principal);
            }
        }
        return Optional.empty();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.user();
    }

    @Override
    public boolean isUserInRole(String role) {
        // "**" is the Servlet spec's "any authenticated user"
        return "**".equals(role) || principal.roles().contains(role);
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
