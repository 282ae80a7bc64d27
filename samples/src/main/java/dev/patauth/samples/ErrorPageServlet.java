package dev.patauth.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The sample's error page (web.xml's {@code <error-page>}), for every error the app does not
 * answer itself, the container's included: the status and one sentence as JSON. Never a stack
 * trace or an exception's message, which containers show by default (Jetty 12 answers a Basic
 * header that is not Base64 with a 500 and its whole stack trace).
 */
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The servlet of web.xml; throws nothing. */
    public ErrorPageServlet() {
    }

    record Problem(String error, String message) {
    }

    /**
     * Answers the error's status with its JSON body; 404 when asked for directly.
     *
     * @throws IOException when the answer cannot be written
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // asked for directly rather than as an error page: there is nothing here
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), problem(status));
    }

    private static Problem problem(int status) {
        return switch (status) {
            case 400 -> new Problem("bad_request", "The request could not be read.");
            case 401 -> new Problem("unauthenticated", "Sign in, or send a personal access token.");
            case 403 -> new Problem("forbidden", "You may not do this.");
            case 404 -> new Problem("not_found", "There is nothing at this address.");
            case 405 -> new Problem("method_not_allowed", "This address does not take that method.");
            default -> status >= 500
                    ? new Problem("internal_error", "The server could not answer this request; it has logged why.")
                    : new Problem("request_error", "The request was refused.");
        };
    }
}
