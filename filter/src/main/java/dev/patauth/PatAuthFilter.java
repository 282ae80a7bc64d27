package dev.patauth;

import dev.patauth.BearerErrors.Refusal;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates requests that carry {@code Authorization: Bearer pat_…}. A valid token lets
 * the request through with the owner as its principal; a refused one gets the RFC 6750 answer
 * (401, 400, or 503 when the database is needed and down; 500 when it refuses patauth's query).
 * Other schemes pass through.
 *
 * <p>Uses the engine of {@link PatAuthListener}; without that listener it builds its own from
 * its init-params and the context-params. Init-params {@code patauth.mode} ({@code required}
 * or {@code optional}) and {@code patauth.realm} override the context-params.
 */
public class PatAuthFilter implements Filter {

    /** Whether a request without any Authorization header is refused. */
    public enum Mode {
        /** Refuse it with 401, unless the container has already authenticated the request. */
        REQUIRED,
        /** Let it through unauthenticated. */
        OPTIONAL
    }

    private static final Logger log = LoggerFactory.getLogger(PatAuthFilter.class);

    private PatAuth engine;
    private boolean ownsEngine;
    private Mode mode;
    private BearerErrors errors;

    @Override
    public void init(FilterConfig config) {
        ServletContext context = config.getServletContext();
        Set<String> names = new LinkedHashSet<>(Collections.list(config.getInitParameterNames()));
        names.addAll(Collections.list(context.getInitParameterNames()));
        Settings settings = Settings.of(key -> Optional.ofNullable(config.getInitParameter(key))
                .orElseGet(() -> context.getInitParameter(key)), Collections.enumeration(names));
        mode = settings.mode();
        errors = new BearerErrors(realm(settings, context));
        if (context.getAttribute(PatAuth.CONTEXT_ATTRIBUTE) instanceof PatAuth shared) {
            engine = shared;
        } else {
            engine = settings.toBuilder().build();
            ownsEngine = true;
            context.setAttribute(PatAuth.CONTEXT_ATTRIBUTE, engine);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        BearerCredentials credentials = BearerCredentials.of(request);
        switch (credentials.kind()) {
            case NONE -> {
                if (mode == Mode.REQUIRED && request.getUserPrincipal() == null) {
                    errors.send(response, Refusal.MISSING);
                } else {
                    chain.doFilter(request, response);
                }
            }
            case OTHER -> chain.doFilter(request, response);
            case MULTIPLE -> errors.send(response, Refusal.MULTIPLE_HEADERS);
            case MALFORMED -> errors.send(response, Refusal.MALFORMED_HEADER);
            case PAT -> authenticate(credentials.token(), request, response, chain);
        }
    }

    private void authenticate(String token, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String client = request.getRemoteAddr();
        Optional<Duration> throttled = engine.throttledFor(client);
        if (throttled.isPresent()) {
            errors.send(response, Refusal.THROTTLED, Math.max(1, throttled.get().toSeconds()));
            return;
        }
        byte[] ascii = TokenFormat.wellFormedBytes(token);
        if (ascii == null) {
            engine.recordRefusal(client);
            errors.send(response, Refusal.MALFORMED_TOKEN);
            return;
        }
        Optional<TokenPrincipal> principal;
        try {
            principal = engine.authenticateWellFormed(ascii);
        } catch (PatAuthUnavailableException e) {
            errors.send(response, Refusal.UNAVAILABLE);
            return;
        } catch (PatAuthStoreException e) {
            // not an outage: a retry meets the same error, so the client is not told to retry
            log.error("patauth answered 500 to a request with a token: {}", e.getMessage(), e);
            errors.send(response, Refusal.SERVER_ERROR);
            return;
        }
        if (principal.isPresent()) {
            chain.doFilter(new AuthenticatedRequest(request, principal.get()), response);
        } else {
            engine.recordRefusal(client);
            errors.send(response, Refusal.INVALID_TOKEN);
        }
    }

    @Override
    public void destroy() {
        if (ownsEngine) {
            engine.close();
        }
    }

    private static String realm(Settings settings, ServletContext context) {
        String realm = settings.value(Settings.REALM)
                .orElse(context.getContextPath().isEmpty() ? "/" : context.getContextPath());
        if (realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
            throw new PatAuthConfigException(Settings.REALM + " may hold printable ASCII without quotes or backslashes, got '"
                    + realm + "'");
        }
        return realm;
    }
}
