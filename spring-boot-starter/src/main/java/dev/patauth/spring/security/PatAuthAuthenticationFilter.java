package dev.patauth.spring.security;

import dev.patauth.AuthResult;
import dev.patauth.BearerCredentials;
import dev.patauth.PatAuth;
import dev.patauth.PatAuthStoreException;
import dev.patauth.TokenPrincipal;
import dev.patauth.servlet.BearerResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code Authorization: Bearer pat_…} through
 * {@link PatAuth#authenticate(String, String, String)}, or refuses it per RFC 6750. Any other
 * request (no header, another scheme, a Bearer token that is not patauth's) passes untouched,
 * to the app's other mechanisms.
 */
final class PatAuthAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PatAuthAuthenticationFilter.class);

    private final PatAuth engine;
    private final Optional<UserDetailsService> users;
    private final BearerResponses refusals;
    private final SecurityContextHolderStrategy contexts;

    PatAuthAuthenticationFilter(PatAuth engine, Optional<UserDetailsService> users, BearerResponses refusals,
                                SecurityContextHolderStrategy contexts) {
        this.engine = engine;
        this.users = users;
        this.refusals = refusals;
        this.contexts = contexts;
    }

    /** Whether the request carries a patauth token in its one Authorization header. */
    static boolean carriesToken(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        return BearerCredentials.of(headers == null ? null : headers.asIterator()).kind() == BearerCredentials.Kind.PAT;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Enumeration<String> headers = request.getHeaders("Authorization");
        BearerCredentials credentials = BearerCredentials.of(headers == null ? null : headers.asIterator());
        if (credentials.kind() != BearerCredentials.Kind.PAT || alreadyAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        AuthResult result;
        try {
            result = engine.authenticate(credentials.token(), request.getRemoteAddr(), request.getHeader("User-Agent"));
        } catch (PatAuthStoreException e) {
            // not an outage: a retry meets the same error, so the client is not told to retry
            log.error("patauth answered 500 to a request with a token: {}", e.getMessage(), e);
            refusals.serverError(response);
            return;
        }
        if (result instanceof AuthResult.Authenticated authenticated) {
            Optional<Collection<GrantedAuthority>> authorities = authorities(authenticated.principal());
            if (authorities.isEmpty()) {
                refusals.refuse(response, new AuthResult.Refused(AuthResult.Refused.Reason.INVALID));
                return;
            }
            PatAuthAuthentication authentication = new PatAuthAuthentication(authenticated.principal(), authorities.get());
            authentication.setDetails(new WebAuthenticationDetailsSource().buildDetails(request));
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(authentication);
            // for this request only: a token request starts no session
            contexts.setContext(context);
            chain.doFilter(request, response);
        } else if (result instanceof AuthResult.Refused refused) {
            refusals.refuse(response, refused);
        } else if (result instanceof AuthResult.Throttled throttled) {
            refusals.refuse(response, throttled);
        } else if (result instanceof AuthResult.Unavailable unavailable) {
            refusals.refuse(response, unavailable);
        }
    }

    private boolean alreadyAuthenticated() {
        Authentication current = contexts.getContext().getAuthentication();
        return current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken);
    }

    /**
     * The owner's authorities (from the app's UserDetailsService when it has one, else the
     * token's roles as {@code ROLE_<role>}) and {@code SCOPE_<scope>} for each token scope; empty
     * when the owner is unknown to the UserDetailsService or may not sign in.
     */
    private Optional<Collection<GrantedAuthority>> authorities(TokenPrincipal principal) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (users.isPresent()) {
            UserDetails owner;
            try {
                owner = users.get().loadUserByUsername(principal.user());
            } catch (UsernameNotFoundException e) {
                return Optional.empty();
            }
            if (!owner.isEnabled() || !owner.isAccountNonLocked() || !owner.isAccountNonExpired()) {
                return Optional.empty();
            }
            authorities.addAll(owner.getAuthorities());
        } else {
            principal.roles().stream().sorted().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).forEach(authorities::add);
        }
        principal.scopes().stream().sorted().map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).forEach(authorities::add);
        return Optional.of(authorities);
    }
}
