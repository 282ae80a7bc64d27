package dev.patauth;

import dev.patauth.servlet.PatAuthFilter;
import dev.patauth.servlet.PatAuthListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real servlet container on a loopback port serving the test webapp at {@code /app}: the
 * patauth filter on {@code /api/*} (mode required) and {@code /open/*} (mode optional), a
 * second one on {@code /api/write/*} requiring a scope when a test asks for it, and
 * {@link EchoServlet} behind them.
 */
interface ServletContainer extends AutoCloseable {

    String CONTEXT_PATH = "/app";

    URI uri(String path);

    /** The webapp's engine, as the filter and admin servlet find it. */
    PatAuth engine();

    /** What a test deploys: either a ready engine, or context-params for {@link PatAuthListener}. */
    record Webapp(PatAuth engine, Map<String, String> contextParams, String writeScope) {

        static Webapp sharing(PatAuth engine) {
            return new Webapp(engine, Map.of(), null);
        }

        static Webapp configuredBy(Map<String, String> contextParams) {
            return new Webapp(null, contextParams, null);
        }

        /** Also a patauth filter on {@code /api/write/*}, behind the one on {@code /api/*}, requiring this scope. */
        Webapp requiringOnWrite(String scope) {
            return new Webapp(engine, contextParams, scope);
        }
    }

    enum Kind {
        JETTY {
            @Override
            ServletContainer start(Webapp webapp) throws Exception {
                return startJetty(webapp);
            }
        },
        TOMCAT {
            @Override
            ServletContainer start(Webapp webapp) throws Exception {
                return startTomcat(webapp);
            }
        };

        abstract ServletContainer start(Webapp webapp) throws Exception;
    }

    private static ServletContainer startJetty(Webapp webapp) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Jetty matches cached header values without regard to case unless told otherwise: a token that
        // differs from the previous one on the connection only in case would be read as that one
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
        webapp.contextParams().forEach(context::setInitParameter);
        context.addEventListener(webapp.engine() != null ? publishing(webapp.engine()) : new PatAuthListener());
        context.addFilter(new FilterHolder(new PatAuthFilter()), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder optional = new FilterHolder(new PatAuthFilter());
        optional.setInitParameter("patauth.mode", "optional");
        context.addFilter(optional, "/open/*", EnumSet.of(DispatcherType.REQUEST));
        if (webapp.writeScope() != null) {
            FilterHolder scoped = new FilterHolder(new PatAuthFilter());
            scoped.setInitParameter("patauth.required-scope", webapp.writeScope());
            context.addFilter(scoped, "/api/write/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        server.setHandler(context);
        server.start();
        int port = ((NetworkConnector) server.getConnectors()[0]).getLocalPort();
        return running(port, context.getServletContext(), server::stop);
    }

    private static ServletContainer startTomcat(Webapp webapp) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("patauth-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext(CONTEXT_PATH, null);
        webapp.contextParams().forEach(context::addParameter);
        if (webapp.engine() != null) {
            context.addServletContainerInitializer((classes, servletContext) ->
                    servletContext.setAttribute(PatAuthListener.ENGINE_ATTRIBUTE, webapp.engine()), null);
        } else {
            context.addApplicationListener(PatAuthListener.class.getName());
        }
        addTomcatFilter(context, "patauth", "/api/*", Map.of());
        addTomcatFilter(context, "patauth-optional", "/open/*", Map.of("patauth.mode", "optional"));
        if (webapp.writeScope() != null) {
            addTomcatFilter(context, "patauth-write", "/api/write/*", Map.of("patauth.required-scope", webapp.writeScope()));
        }
        Tomcat.addServlet(context, "echo", new EchoServlet());
        context.addServletMappingDecoded("/*", "echo");
        if (!webapp.contextParams().isEmpty() && webapp.contextParams().containsKey("patauth.datasource")) {
            TomcatJndi.bindH2(tomcat, context, webapp.contextParams());
        }
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("the webapp did not start in Tomcat");
        }
        return running(tomcat.getConnector().getLocalPort(), context.getServletContext(), () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }

    private static ServletContainer running(int port, ServletContext servletContext, AutoCloseable stop) {
        return new ServletContainer() {
            @Override
            public URI uri(String path) {
                return URI.create("http://127.0.0.1:" + port + CONTEXT_PATH + path);
            }

            @Override
            public PatAuth engine() {
                return PatAuthListener.engine(servletContext);
            }

            @Override
            public void close() throws Exception {
                stop.close();
            }
        };
    }

    private static void addTomcatFilter(Context context, String name, String pattern, Map<String, String> initParams) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(new PatAuthFilter());
        initParams.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern(pattern);
        context.addFilterMap(map);
    }

    private static ServletContextListener publishing(PatAuth engine) {
        return new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                event.getServletContext().setAttribute(PatAuthListener.ENGINE_ATTRIBUTE, engine);
            }
        };
    }
}
