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
        String token = request.getUserPrincipal() instanceof TokenPrincipal principal ? principal.tokenName() : "-";
        response.getWriter().print("user=" + request.getRemoteUser()
                + "\nauthType=" + request.getAuthType()
                + "\nmember=" + request.isUserInRole("member")
                + "\nadmin=" + request.isUserInRole("admin")
                + "\ntoken=" + token + "\n");
    }
}
