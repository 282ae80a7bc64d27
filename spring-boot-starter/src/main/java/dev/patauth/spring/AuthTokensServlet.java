package dev.patauth.spring;

import dev.patauth.TokenPrincipal;
import dev.patauth.admin.TokenAdminServlet;
import dev.patauth.spring.security.PatAuthAuthentication;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.security.Principal;
import org.springframework.util.ClassUtils;

/**
 * {@link TokenAdminServlet} behind Spring Security: a request that a token authenticated shows
 * the servlet its {@link TokenPrincipal}, as the servlet filter does, so that the servlet knows
 * a token request from a signed-in one (Spring Security's request shows its Authentication).
 */
public final class AuthTokensServlet extends GenericServlet {

    private static final long serialVersionUID = 1L;
    private static final boolean SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", AuthTokensServlet.class.getClassLoader());

    private final TokenAdminServlet servlet = new TokenAdminServlet();

    AuthTokensServlet() {
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        servlet.init(config);
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        servlet.service(SECURITY ? Tokens.shown((HttpServletRequest) request) : request, response);
    }

    @Override
    public void destroy() {
        servlet.destroy();
    }

    /** Loaded only when Spring Security is there. */
    private static final class Tokens {
        static ServletRequest shown(HttpServletRequest request) {
            if (!(request.getUserPrincipal() instanceof PatAuthAuthentication authentication)) {
                return request;
            }
            TokenPrincipal principal = authentication.getPrincipal();
            return new HttpServletRequestWrapper(request) {
                @Override
                public Principal getUserPrincipal() {
                    return principal;
                }
            };
        }
    }
}
