package dev.patauth.spring.security;

import dev.patauth.servlet.BearerResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Access denied to a request authenticated with a token: 403 {@code insufficient_scope} (RFC
 * 6750 3.1), with {@code scope="…"} when the rule that denied it asked for {@code SCOPE_…}
 * authorities ({@code hasAuthority} in a request rule or a {@code @PreAuthorize} expression). A
 * rule that asked only for other authorities (a role the owner lacks) is no matter of the
 * token's scope: a plain 403.
 */
final class TokenAccessDeniedHandler implements AccessDeniedHandler {

    private static final String SCOPE = "SCOPE_";
    /** {@code 'SCOPE_<name>'} in an expression, a name as patauth.scopes declares them. */
    private static final Pattern SCOPE_IN_EXPRESSION = Pattern.compile("['\"]SCOPE_([A-Za-z0-9][A-Za-z0-9:._-]{0,63})['\"]");

    private final BearerResponses refusals;

    TokenAccessDeniedHandler(BearerResponses refusals) {
        this.refusals = refusals;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        Optional<List<String>> required = requiredScopes(denied);
        if (required.isPresent() && required.get().isEmpty()) {
            // no sendError: the error page's dispatch would not carry the token's authentication
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setHeader("Cache-Control", "no-store");
            return;
        }
        // scope names are declared by the app: letters, digits and : . _ -, never a quote
        refusals.insufficientScope(response, required.map(scopes -> String.join(" ", scopes)).orElse(null));
    }

    /**
     * The scopes the denying rule asked for: from a request rule's authorities
     * ({@code hasAuthority}), or from the text of a method rule's expression
     * ({@code @PreAuthorize("hasAuthority('SCOPE_write')")}); empty when it asked for other
     * authorities only; unknown for any other denial.
     */
    private static Optional<List<String>> requiredScopes(AccessDeniedException denied) {
        if (!(denied instanceof AuthorizationDeniedException authorization)) {
            return Optional.empty();
        }
        if (authorization.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
            return Optional.of(decision.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(authority -> authority != null && authority.startsWith(SCOPE))
                    .map(authority -> authority.substring(SCOPE.length())).distinct().sorted().toList());
        }
        if (authorization.getAuthorizationResult() instanceof ExpressionAuthorizationDecision decision) {
            Matcher scopes = SCOPE_IN_EXPRESSION.matcher(decision.getExpression().getExpressionString());
            List<String> found = new ArrayList<>();
            while (scopes.find()) {
                found.add(scopes.group(1));
            }
            return Optional.of(found.stream().distinct().sorted().toList());
        }
        return Optional.empty();
    }
}
