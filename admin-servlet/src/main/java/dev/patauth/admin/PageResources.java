package dev.patauth.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The Auth Tokens page and its stylesheet and script, read from the jar once and served with
 * headers that forbid inline script, framing and content sniffing.
 */
final class PageResources {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

    private record Resource(String contentType, byte[] bytes) {
    }

    private final Map<String, Resource> byPath;

    private PageResources(Map<String, Resource> byPath) {
        this.byPath = byPath;
    }

    /** Loads the page, {@code assets/app.css} and {@code assets/app.js}; a missing one is a broken jar and fails start. */
    static PageResources load() {
        return new PageResources(Map.of(
                "/", new Resource("text/html;charset=utf-8", read("page/index.html")),
                "/assets/app.css", new Resource("text/css;charset=utf-8", read("page/app.css")),
                "/assets/app.js", new Resource("text/javascript;charset=utf-8", read("page/app.js"))));
    }


    /** Writes the resource at {@code path}, or answers 404 when there is none. */
    void serve(String path, boolean includeBody, HttpServletResponse response) throws IOException {
        Optional<Resource> resource = Optional.ofNullable(byPath.get(path));
        setSecurityHeaders(response);
        if (resource.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        // the page is small and changes with the jar; revalidating costs less than a stale script
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType(resource.get().contentType());
        response.setContentLength(resource.get().bytes().length);
        if (includeBody) {
            response.getOutputStream().write(resource.get().bytes());
        }
    }

    static void setSecurityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
    }

    private static byte[] read(String name) {
        try (InputStream in = PageResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("patauth-admin-servlet is missing its resource " + name
                        + "; the jar is incomplete");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("patauth-admin-servlet could not read its resource " + name, e);
        }
    }
}
