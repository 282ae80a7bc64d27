package dev.patauth.spring.security;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthConfigException;
import dev.patauth.spring.PatAuthWebAutoConfiguration;
import dev.patauth.servlet.BearerResponses;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.util.ClassUtils;

/**
 * Adds personal access tokens to a {@code SecurityFilterChain} in one line:
 *
 * <pre>{@code
 * http.with(PatAuthConfigurer.patAuth(), withDefaults());
 * }</pre>
 *
 * <p>A request with {@code Authorization: Bearer pat_…} is authenticated through the app's
 * {@link PatAuth} bean as a {@link PatAuthAuthentication}: its principal is the
 * {@link dev.patauth.TokenPrincipal}, its authorities the owner's (from the app's
 * {@link UserDetailsService} when it has exactly one (Spring Boot's generated one too: an app
 * without users of its own uses {@link #userDetailsService} or leaves Boot's out), else the token's roles from
 * {@code patauth.roles-query} as {@code ROLE_<role>}) plus {@code SCOPE_<scope>} for each of the
 * token's scopes, so {@code hasAuthority('SCOPE_write')} and {@code hasRole('admin')} work. An owner
 * the UserDetailsService does not know, or that is disabled, locked or expired, has no valid token.
 *
 * <p>Refusals follow RFC 6750: 401 {@code invalid_token} with {@code WWW-Authenticate}, 429 and
 * 503 with {@code Retry-After}, 500 when the database refuses patauth's query; a token request
 * that authorization then denies gets 403 {@code insufficient_scope}, naming the scope when a
 * {@code hasAuthority('SCOPE_…')} rule denied it. Requests without a patauth token (no header,
 * Basic, another Bearer token) are left to the app's other mechanisms. Token requests are exempt
 * from CSRF protection: a browser never sends such a header on its own. So are the Auth Tokens
 * API's requests ({@code patauth.web.path}) that carry {@code X-Requested-With}, which the API
 * itself requires of a signed-in change and another site's page cannot send, and
 * {@code api/revoke-leaked}, which anyone may call; the page also sends Spring's CSRF token when
 * the app keeps it in the {@code XSRF-TOKEN} cookie.
 */
public final class PatAuthConfigurer extends AbstractHttpConfigurer<PatAuthConfigurer, HttpSecurity> {

    private String realm;
    private UserDetailsService users;
    private BearerResponses refusals;

    private PatAuthConfigurer() {
    }

    /** The configurer, for {@code http.with(PatAuthConfigurer.patAuth(), withDefaults())}. */
    public static PatAuthConfigurer patAuth() {
        return new PatAuthConfigurer();
    }

    /**
     * The realm of the {@code WWW-Authenticate} challenges; unless set here, the property
     * {@code patauth.realm}, else {@code patauth}.
     *
     * @throws PatAuthConfigException when it is not printable ASCII without quotes or backslashes
     */
    public PatAuthConfigurer realm(String realm) {
        this.realm = checkedRealm(Objects.requireNonNull(realm, "realm"), "realm");
        return this;
    }

    private static String checkedRealm(String realm, String name) {
        if (realm.isEmpty() || realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
            throw new PatAuthConfigException(name + " may hold printable ASCII without quotes or backslashes, got '" + realm + "'");
        }
        return realm;
    }

    /**
     * Where the owners' authorities come from, instead of the app's one UserDetailsService bean
     * (for example when the app has several).
     */
    public PatAuthConfigurer userDetailsService(UserDetailsService users) {
        this.users = Objects.requireNonNull(users, "users");
        return this;
    }

    @Override
    public void init(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (realm == null) {
            String property = context == null ? null : context.getEnvironment().getProperty("patauth.realm");
            realm = property == null || property.isBlank() ? "patauth" : checkedRealm(property.trim(), "patauth.realm");
        }
        refusals = BearerResponses.forRealm(realm);
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            // a browser does not add Authorization: Bearer to a forged request; Spring's
            // resource server exempts its Bearer requests alike
            csrf.ignoringRequestMatchers(PatAuthAuthenticationFilter::carriesToken);
            if (context != null && ClassUtils.isPresent("dev.patauth.admin.TokenAdminServlet", getClass().getClassLoader())) {
                // the Auth Tokens API refuses a signed-in change without X-Requested-With, which
                // another site's page cannot send; and anyone may report a leaked token
                String tokens = PatAuthWebAutoConfiguration.tokensPath(context.getEnvironment()) + "/";
                csrf.ignoringRequestMatchers(request -> {
                    String path = request.getRequestURI().substring(request.getContextPath().length());
                    String requestedWith = request.getHeader("X-Requested-With");
                    return path.startsWith(tokens) && (requestedWith != null && !requestedWith.isBlank()
                            || path.equals(tokens + "api/revoke-leaked"));
                });
            }
        }
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultAccessDeniedHandlerFor(new TokenAccessDeniedHandler(refusals),
                    request -> getSecurityContextHolderStrategy().getContext().getAuthentication() instanceof PatAuthAuthentication);
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        PatAuth engine = context.getBean(PatAuth.class);
        Optional<UserDetailsService> owners = Optional.ofNullable(users)
                .or(() -> Optional.ofNullable(context.getBeanProvider(UserDetailsService.class).getIfUnique()));
        PatAuthAuthenticationFilter filter = new PatAuthAuthenticationFilter(engine, owners, refusals,
                getSecurityContextHolderStrategy());
        http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
    }
}
