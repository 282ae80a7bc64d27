package dev.patauth.bench;

import dev.patauth.PatAuth;
import dev.patauth.servlet.PatAuthListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12 (ee10) on a loopback port. Each scenario is a webapp of its own, mounted
 * at its own path, all served by the same server and connector; webapps can be mounted while
 * the server runs, so a cold scenario gets a fresh engine and context every round.
 */
final class BenchServer implements AutoCloseable {

    private final Server server;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection(true);
    private final int port;

    BenchServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("bench-http");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        // as every Jetty in front of patauth should be: see the README's threat model
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setHeaderCacheCaseSensitive(true);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
        server.start();
        port = connector.getLocalPort();
    }

    int port() {
        return port;
    }

    URI uri(String contextPath) {
        return URI.create("http://127.0.0.1:" + port + contextPath + "/");
    }

    /** Mounts {@link HelloServlet} at {@code contextPath}, behind {@code filter} when there is one. */
    ServletContextHandler mount(String contextPath, Optional<Filter> filter, Optional<PatAuth> engine) throws Exception {
        ServletContextHandler context = new ServletContextHandler(contextPath);
        engine.ifPresent(patAuth -> context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                event.getServletContext().setAttribute(PatAuthListener.ENGINE_ATTRIBUTE, patAuth);
            }
        }));
        filter.ifPresent(f -> context.addFilter(new FilterHolder(f), "/*", EnumSet.of(DispatcherType.REQUEST)));
        context.addServlet(new ServletHolder(new HelloServlet()), "/*");
        contexts.addHandler(context);
        if (!context.isStarted()) {
            context.start();
        }
        return context;
    }

    void unmount(ServletContextHandler context) throws Exception {
        contexts.removeHandler(context);
        context.stop();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
