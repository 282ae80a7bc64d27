package dev.patauth.servlet;

import dev.patauth.servlet.BearerErrors.Refusal;
import dev.patauth.AuthResult;
import dev.patauth.BearerCredentials;
import dev.patauth.PatAuth;
import dev.patauth.PatAuthStoreException;
import dev.patauth.TokenPrincipal;
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
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates requests that carry {@code Authorization: Bearer pat_…}. A valid token lets
 * the request through with the owner as its principal; a refused one gets the RFC 6750 answer
 * (401, 400, or 503 when the database is needed and down; 500 when it refuses patauth's query).
 *
 * <p>In mode {@code required} (the default) the filter is a gate: a request passes only when
 * a token authenticated it or the container already had (a session, BASIC); anything else,
 * another scheme or another issuer's Bearer token included, gets the 401 challenge. In mode
 * {@code optional}, requests without a patauth token pass through unauthenticated.
 *
 * <p>In web.xml it uses the engine of {@link PatAuthListener}; without that listener it builds
 * its own from its init-params and the context-params. Init-params {@code patauth.mode}
 * ({@code required} or {@code optional}) and {@code patauth.realm} override the context-params;
 * init-param {@code patauth.required-scope} (one of {@code patauth.scopes}) answers tokens
 * without that scope with 403 {@code insufficient_scope}. Mapped behind another patauth filter
 * (for example {@code /api/*}, then {@code /api/notes} with a required scope), it only checks
 * the scope of the token the first one authenticated; requests the container authenticated
 * (a session, BASIC) are not limited by scopes.
 * In code, {@link #PatAuthFilter(PatAuth, Mode, String)} takes an engine and its options.
 */
public final class PatAuthFilter implements Filter {

    /** Whether a request without a patauth token is refused. */
    public enum Mode {
        /** Refuse it with 401, unless the container has already authenticated the request. */
        REQUIRED,
        /** Let it through, unauthenticated unless the container authenticated it. */
        OPTIONAL
    }

    private static final Logger log = LoggerFactory.getLogger(PatAuthFilter.class);

    private PatAuth engine;
    private boolean ownsEngine;
    private Mode mode;
    private Optional<String> requiredScope = Optional.empty();
    private BearerErrors errors;

    /** The filter of web.xml, configured by its init-params and the context-params in {@link #init}; throws nothing. */
    public PatAuthFilter() {
    }

    /**
     * A filter for a container configured in code, with the engine it uses (and does not
     * close) and its options; {@link #init} then reads no parameters.
     *
     * @param engine the webapp's engine
     * @param mode   whether requests without a patauth token are refused
     * @param realm  the realm of the {@code WWW-Authenticate} challenge: printable ASCII without
     *               quotes or backslashes
     * @throws dev.patauth.PatAuthConfigException when the realm cannot be put in a challenge
     * @throws NullPointerException when an argument is null
     */
    public PatAuthFilter(PatAuth engine, Mode mode, String realm) {
        this(engine, mode, realm, null);
    }

    /**
     * As {@link #PatAuthFilter(PatAuth, Mode, String)}, for a path that only tokens with
     * {@code requiredScope} may use (others get 403 {@code insufficient_scope}).
     *
     * @param requiredScope one of the engine's declared scopes, or null for none
     * @throws dev.patauth.PatAuthConfigException when the realm cannot be put in a challenge, or
     *         the scope is not declared
     * @throws NullPointerException when {@code engine}, {@code mode} or {@code realm} is null
     */
    public PatAuthFilter(PatAuth engine, Mode mode, String realm, String requiredScope) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.requiredScope = Optional.ofNullable(requiredScope)
                .map(scope -> WebSettings.requiredScope(scope, engine, "requiredScope"));
        this.errors = new BearerErrors(WebSettings.realm(Objects.requireNonNull(realm, "realm")), requiredScope);
    }

    /**
     * Reads the filter's settings and finds the webapp's engine, or builds one; nothing when
     * the filter was made in code. The container reports what this throws as the filter's
     * failure to start, and the webapp does not serve.
     *
     * @throws dev.patauth.PatAuthConfigException naming the key, when an init-param or
     *         context-param under {@code patauth.} belongs to no part of patauth, when
     *         {@code patauth.mode} or {@code patauth.realm} has a value the filter does not
     *         accept, or, when the filter builds its own engine, as
     *         {@link PatAuth#builder(Function)} and {@link PatAuth.Builder#build()} (a wrong
     *         setting, a database that cannot be reached)
     */
    @Override
    public void init(FilterConfig config) {
        if (engine != null) {
            return;
        }
        ServletContext context = config.getServletContext();
        Set<String> names = new LinkedHashSet<>(Collections.list(config.getInitParameterNames()));
        names.addAll(Collections.list(context.getInitParameterNames()));
        Function<String, String> values = key -> Optional.ofNullable(config.getInitParameter(key))
                .orElseGet(() -> context.getInitParameter(key));
        WebSettings.requireKnown(names, values);
        mode = WebSettings.mode(values);
        String realm = WebSettings.realm(values, context.getContextPath());
        if (context.getAttribute(PatAuthListener.ENGINE_ATTRIBUTE) instanceof PatAuth shared) {
            engine = shared;
        } else {
            engine = PatAuth.builder(values).build();
            ownsEngine = true;
            context.setAttribute(PatAuthListener.ENGINE_ATTRIBUTE, engine);
        }
        try {
            requiredScope = WebSettings.requiredScope(values, engine);
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
        errors = new BearerErrors(realm, requiredScope.orElse(null));
    }

    /**
     * Lets the request through, as the token's owner ({@code getRemoteUser}, {@code isUserInRole},
     * {@code getUserPrincipal} a {@link dev.patauth.TokenPrincipal}, {@code getAuthType} {@code "Bearer"})
     * or unchanged, or answers it: 401 or 400 with an RFC 6750 challenge, 429 or 503 with
     * {@code Retry-After}, 500 when the database refuses patauth's query. None of patauth's
     * own exceptions leaves this method: each is one of those answers.
     *
     * @throws IOException when the answer cannot be written, or from the rest of the chain
     * @throws ServletException from the rest of the chain
     * @throws ClassCastException when the request or response is not HTTP
     */
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<TokenPrincipal> earlier = AuthenticatedRequest.of(request);
        if (earlier.isPresent()) {
            // a patauth filter mapped before this one has authenticated the token: only the scope is left
            if (requiredScope.isPresent() && !earlier.get().hasScope(requiredScope.get())) {
                errors.send(response, Refusal.INSUFFICIENT_SCOPE);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        Enumeration<String> headers = request.getHeaders("Authorization");
        BearerCredentials credentials = BearerCredentials.of(headers == null ? null : headers.asIterator());
        switch (credentials.kind()) {
            case NONE, OTHER -> {
                // required mode is a gate: no token of ours and no container login, no entry
                if (mode == Mode.OPTIONAL || authenticatedByTheContainer(request)) {
                    chain.doFilter(request, response);
                } else {
                    errors.send(response, Refusal.MISSING);
                }
            }
            case MULTIPLE -> errors.send(response, Refusal.MULTIPLE_HEADERS);
            case MALFORMED -> errors.send(response, Refusal.MALFORMED_HEADER);
            case PAT -> authenticate(credentials.token(), request, response, chain);
        }
    }

    private void authenticate(String token, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        AuthResult result;
        try {
            result = engine.authenticate(token, request.getRemoteAddr(), request.getHeader("User-Agent"));
        } catch (PatAuthStoreException e) {
            // not an outage: a retry meets the same error, so the client is not told to retry
            log.error("patauth answered 500 to a request with a token: {}", e.getMessage(), e);
            errors.send(response, Refusal.SERVER_ERROR);
            return;
        }
        if (result instanceof AuthResult.Authenticated authenticated) {
            if (requiredScope.isPresent() && !authenticated.principal().hasScope(requiredScope.get())) {
                errors.send(response, Refusal.INSUFFICIENT_SCOPE);
            } else {
                chain.doFilter(new AuthenticatedRequest(request, authenticated.principal()), response);
            }
        } else {
            errors.refuse(response, result);
        }
    }

    /**
     * Whether the container already knows who sent the request (a session, BASIC, a client
     * certificate). Asking may make the container read the credentials now (Jetty
     * authenticates lazily); credentials it cannot read, such as a Basic header that is not
     * Base64, on which Jetty 12 throws, count as none.
     */
    private static boolean authenticatedByTheContainer(HttpServletRequest request) {
        try {
            return request.getUserPrincipal() != null;
        } catch (RuntimeException unreadableCredentials) {
            return false;
        }
    }

    /** Closes the engine when this filter built it (see {@link PatAuth#close()}); throws nothing. */
    @Override
    public void destroy() {
        if (ownsEngine) {
            engine.close();
        }
    }
}
