package dev.patauth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The app behind the filter in HTTP tests: says who it thinks the caller is. */
final class EchoServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        TokenPrincipal principal = request.getUserPrincipal() instanceof TokenPrincipal found ? found : null;
        String token = principal == null ? "-" : principal.tokenName();
        String scopes = principal == null ? "-" : String.join(",", new java.util.TreeSet<>(principal.scopes()));
        response.getWriter().print("user=" + request.getRemoteUser()
                + "\nauthType=" + request.getAuthType()
                + "\nmember=" + request.isUserInRole("member")
                + "\nadmin=" + request.isUserInRole("admin")
                + "\ntoken=" + token
                + "\nscopes=" + scopes + "\n");
    }
}
