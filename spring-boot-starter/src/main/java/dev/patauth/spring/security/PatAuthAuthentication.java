package dev.patauth.spring.security;

import dev.patauth.TokenPrincipal;
import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request authenticated with a personal access token: the principal is the
 * {@link TokenPrincipal} (owner, token name and id, scopes), the authorities are the owner's
 * plus {@code SCOPE_<scope>} for each of the token's scopes. The token itself is not kept:
 * {@link #getCredentials()} is empty.
 */
public final class PatAuthAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final TokenPrincipal principal;

    PatAuthAuthentication(TokenPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.principal = principal;
        setAuthenticated(true);
    }

    /** The token's owner and the token presented. */
    @Override
    public TokenPrincipal getPrincipal() {
        return principal;
    }

    /** Always empty: the token is never kept after it is checked. */
    @Override
    public Object getCredentials() {
        return "";
    }
}
