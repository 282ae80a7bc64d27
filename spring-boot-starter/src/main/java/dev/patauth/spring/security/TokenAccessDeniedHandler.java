package dev.patauth.spring.security;

import dev.patauth.spring.security.BearerRefusals.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Access denied to a request authenticated with a token: 403 {@code insufficient_scope} (RFC
 * 6750 3.1), with {@code scope="…"} when the rule that denied it asked for {@code SCOPE_…}
 * authorities. A rule that asked only for other authorities (a role the owner lacks) is no
 * matter of the token's scope: a plain 403.
 */
final class TokenAccessDeniedHandler implements AccessDeniedHandler {

    private static final String SCOPE = "SCOPE_";

    private final BearerRefusals refusals;

    TokenAccessDeniedHandler(BearerRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        String scope = null;
        if (denied instanceof AuthorizationDeniedException authorization
                && authorization.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
            List<String> scopes = decision.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(authority -> authority != null && authority.startsWith(SCOPE))
                    .map(authority -> authority.substring(SCOPE.length())).sorted().toList();
            if (scopes.isEmpty() && !decision.getAuthorities().isEmpty()) {
                // no sendError: the error page's dispatch would not carry the token's authentication
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setHeader("Cache-Control", "no-store");
                return;
            }
            // scope names are declared by the app: letters, digits and a few symbols, never a quote
            scope = scopes.isEmpty() ? null : String.join(" ", scopes);
        }
        refusals.send(response, Refusal.INSUFFICIENT_SCOPE, null, scope);
    }
}
