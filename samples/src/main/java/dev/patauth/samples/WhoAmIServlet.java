package dev.patauth.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patauth.PatAuth;
import dev.patauth.Scope;
import dev.patauth.TokenPrincipal;
import dev.patauth.servlet.PatAuthListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;

/**
 * {@code GET /api/whoami}: who the request is authenticated as. Behind the patauth filter, a
 * valid token answers {@code {"user":"alice","roles":["member"],"tokenName":"laptop","scopes":["read"]}};
 * the roles are the owner's current ones, asked of the app like any signed-in user's, and the
 * scopes are the token's, in the order {@code patauth.scopes} declares them. A request the
 * container authenticated (BASIC) has {@code tokenName} and {@code scopes} null: no token, and
 * scopes do not limit a container login.
 */
public class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SAMPLE_ROLES = List.of("member", "admin");

    /** The servlet of web.xml; throws nothing. */
    public WhoAmIServlet() {
    }

    record WhoAmI(String user, List<String> roles, String tokenName, List<String> scopes) {
    }

    private transient PatAuth engine;

    /** Finds the webapp's engine, for the scopes it declares; throws nothing. */
    @Override
    public void init() {
        engine = PatAuthListener.engine(getServletContext());
    }

    /**
     * Answers who the request is authenticated as, or 401 through the app's error page.
     *
     * @throws IOException when the answer cannot be written
     */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getRemoteUser();
        if (user == null) {
            // the patauth filter in front (mode required) lets no such request through; should it
            // be mapped otherwise, the app's error page answers
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        List<String> roles = SAMPLE_ROLES.stream().filter(request::isUserInRole).toList();
        Principal principal = request.getUserPrincipal();
        WhoAmI answer = principal instanceof TokenPrincipal token
                ? new WhoAmI(user, roles, token.tokenName(), engine.scopes().stream().map(Scope::name).filter(token::hasScope).toList())
                : new WhoAmI(user, roles, null, null);
        JSON.writeValue(response.getOutputStream(), answer);
    }
}
