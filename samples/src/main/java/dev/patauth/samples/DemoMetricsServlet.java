package dev.patauth.samples;

import dev.patauth.metrics.PatAuthMetrics;
import dev.patauth.servlet.PatAuthListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The demo's {@code GET /metrics}: the webapp's engine, bound with {@link PatAuthMetrics} to a
 * Micrometer registry of its own, in Prometheus's text format. The demo adds it to the webapp
 * (it is not in web.xml, so the WAR has no open metrics): it listens on loopback only. A real
 * app binds {@code PatAuthMetrics} to the registry it already has, and serves it where its
 * other metrics are, behind its own access rules.
 */
final class DemoMetricsServlet extends HttpServlet {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private transient PrometheusMeterRegistry registry;

    @Override
    public void init() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PatAuthMetrics(PatAuthListener.engine(getServletContext())).bindTo(registry);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(PROMETHEUS_TEXT);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(registry.scrape());
    }

    @Override
    public void destroy() {
        registry.close();
    }
}
