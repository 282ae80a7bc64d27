package dev.patauth.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patauth.PatAuth;
import dev.patauth.PatAuthHealth;
import dev.patauth.servlet.PatAuthListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's {@code GET /health}: {@link PatAuth#health()} as JSON, with 200 when the database
 * answers and other nodes' revocations arrive, and 503 otherwise, for a load balancer or an
 * orchestrator's probe. Added by the demo, like {@link DemoMetricsServlet}.
 */
final class DemoHealthServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PatAuthHealth health = PatAuthListener.engine(getServletContext()).health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.isHealthy() ? "up" : "down");
        body.put("database", health.databaseUp() ? "up" : "down");
        body.put("invalidation", health.invalidation().name().toLowerCase(Locale.ROOT));
        body.put("listenerConnected", health.listenerConnected());
        body.put("listenerConnectedSince", health.listenerConnectedSince().map(Instant::toString).orElse(null));
        body.put("checkedAt", health.checkedAt().toString());
        response.setStatus(health.isHealthy() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
