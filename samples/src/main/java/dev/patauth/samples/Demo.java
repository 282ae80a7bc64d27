package dev.patauth.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import dev.patauth.PatAuth;
import dev.patauth.servlet.PatAuthListener;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.ServerAuthException;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The one-command demo: the sample webapp, the same web.xml the WAR holds, on embedded Jetty,
 * with BASIC logins for the {@link SampleAccount}s and an in-memory H2 database, or
 * PostgreSQL or MariaDB/MySQL when {@code PATAUTH_JDBC_URL} is set (a {@code jdbc:postgresql:}
 * or {@code jdbc:mariadb:} URL; the jar holds both drivers). Listens on loopback only, with bounded
 * threads, connections and idle time (see the constants). Besides the webapp it serves
 * {@code GET /metrics} (Prometheus text, {@link DemoMetricsServlet}) and {@code GET /health}
 * ({@link DemoHealthServlet}), without a login: only this machine can reach them.
 *
 * <pre>java -jar samples/target/patauth-demo.jar [--port N]</pre>
 */
public final class Demo implements AutoCloseable {

    static final int DEFAULT_PORT = 8080;
    static final String REALM = "patauth-sample";

    /**
     * Request threads. Nothing in the demo waits long on a request thread (bodies of the open
     * leak endpoint are read asynchronously, the database pool gives up after 3 s), and its
     * pool has 4 connections ({@code patauth.jdbc.pool-size}), so more threads would only queue
     * for them.
     */
    static final int MAX_THREADS = 100;
    /** A connection that sends nothing for this long is closed: idle keep-alives, stalled headers or bodies. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Open connections, counting those of slow clients that hold no thread. Past this Jetty
     * stops accepting until some close, instead of running out of file descriptors or memory.
     */
    static final int MAX_CONNECTIONS = 1000;

    private static final String JAKARTA_EE = "https://jakarta.ee/xml/ns/jakartaee";
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PATAUTH_JDBC_URL", "patauth.jdbc.url",
            "PATAUTH_JDBC_USER", "patauth.jdbc.user",
            "PATAUTH_JDBC_PASSWORD", "patauth.jdbc.password");

    private final Server server;
    private final WebAppContext webapp;
    private final Optional<Path> overrides;

    private Demo(Server server, WebAppContext webapp, Optional<Path> overrides) {
        this.server = server;
        this.webapp = webapp;
        this.overrides = overrides;
    }

    /**
     * Starts the demo and serves until the JVM stops. Throws nothing: a wrong argument exits
     * with status 2, a demo that cannot start with status 1, each with a sentence on stderr.
     *
     * @param args {@code --port N}, or nothing for port 8080
     */
    public static void main(String[] args) {
        int port;
        try {
            port = port(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: java -jar patauth-demo.jar [--port N]");
            System.exit(2);
            return;
        }
        Map<String, String> settings = settings(System.getenv());
        try {
            Demo demo = start(port, settings);
            printWelcome(System.out, demo.uri(), settings.containsKey("patauth.jdbc.url"));
            demo.server.join();
        } catch (Exception e) {
            System.err.println("The patauth demo could not start: " + rootMessage(e));
            System.exit(1);
        }
    }

    /**
     * Starts the sample webapp on loopback.
     *
     * @param port     the port, or 0 for any free one (see {@link #uri()})
     * @param settings context-params that replace web.xml's, such as {@code patauth.jdbc.url}
     * @return the running demo; close it to stop it
     * @throws Exception what Jetty throws when it cannot start: the port is taken
     *         ({@link java.io.IOException}), or the webapp fails to deploy (such as patauth's
     *         {@link dev.patauth.PatAuthConfigException} for a wrong setting or a database that
     *         cannot be reached)
     */
    public static Demo start(int port, Map<String, String> settings) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("patauth-demo");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Jetty matches cached header values without regard to case unless told otherwise: on a kept-alive
        // connection a token that differs from the previous one only in case would be read as that one
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
        server.addBean(loginService());

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResource(webapp.getResourceFactory().newResource(webappRoot()));
        // the demo jar is the class path: the webapp has no WEB-INF/lib of its own
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.getSecurityHandler().setAuthenticator(new LenientBasicAuthenticator());
        withoutStackTraces(webapp.getErrorHandler());
        // the demo's own, not web.xml's: the WAR leaves metrics and health to the app that deploys it
        webapp.addServlet(new ServletHolder("demo-metrics", new DemoMetricsServlet()), "/metrics");
        webapp.addServlet(new ServletHolder("demo-health", new DemoHealthServlet()), "/health");
        ErrorHandler serverErrors = new ErrorHandler();
        withoutStackTraces(serverErrors);
        server.setErrorHandler(serverErrors);
        Optional<Path> overrides = settings.isEmpty() ? Optional.empty() : Optional.of(overrideDescriptor(settings));
        overrides.ifPresent(file -> webapp.addOverrideDescriptor(file.toUri().toString()));
        server.setHandler(webapp);
        server.setStopAtShutdown(true);

        Demo demo = new Demo(server, webapp, overrides);
        try {
            server.start();
        } catch (Exception e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    /** @return where the demo listens, such as {@code http://localhost:8080/}; throws nothing */
    public URI uri() {
        return URI.create("http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
    }

    /**
     * The webapp's engine, as its own code would get it, for tests that make tokens the token
     * API cannot: the demo's webapp shares the class path, so this is the very engine it uses.
     */
    PatAuth engine() {
        return PatAuthListener.engine(webapp.getServletContext());
    }

    /**
     * Stops Jetty, which closes patauth and writes pending last-used times.
     *
     * @throws Exception what Jetty throws when a part of it fails to stop, or an
     *         {@link java.io.IOException} when the settings file cannot be deleted
     */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            if (overrides.isPresent()) {
                Files.deleteIfExists(overrides.get());
            }
        }
    }

    static int port(String[] args) {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String value;
            if (args[i].equals("--port") && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith("--port=")) {
                value = args[i].substring("--port=".length());
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port takes a port number from 0 to 65535, got '" + value + "'");
            }
        }
        return port;
    }

    /** The context-params the environment sets: PATAUTH_JDBC_URL and, if needed, its user and password. */
    static Map<String, String> settings(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        ENVIRONMENT.forEach((variable, key) -> Optional.ofNullable(environment.get(variable))
                .filter(value -> !value.isBlank())
                .ifPresent(value -> settings.put(key, value)));
        return settings;
    }

    static void printWelcome(PrintStream out, URI uri, boolean ownDatabase) {
        out.println();
        out.println("patauth demo running at " + uri);
        out.println();
        out.println("  Auth Tokens page   " + uri.resolve("account/tokens/"));
        out.println("  Sample API         " + uri.resolve("api/whoami") + "   (any token)");
        out.println("                     POST " + uri.resolve("api/notes") + "   (a token with the scope write)");
        out.println("  Metrics, health    " + uri.resolve("metrics") + ", " + uri.resolve("health"));
        String login = "  Sign in as         ";
        for (SampleAccount account : SampleAccount.values()) {
            out.println(login + account.user() + " / " + account.password() + "   (" + String.join(", ", account.roles()) + ")");
            login = "                     ";
        }
        out.println("  Database           " + (ownDatabase ? "the one PATAUTH_JDBC_URL names"
                : "in-memory H2, gone when the demo stops (set PATAUTH_JDBC_URL for PostgreSQL or MariaDB)"));
        out.println();
        out.println("Press Ctrl+C to stop.");
    }

    /** Error pages say the status, never an exception's stack trace, cause or message. */
    private static void withoutStackTraces(Request.Handler handler) {
        if (handler instanceof ErrorHandler errors) {
            errors.setShowStacks(false);
            errors.setShowCauses(false);
            errors.setShowMessageInTitle(false);
        }
    }

    /**
     * Jetty 12's BASIC login, except that credentials that are not Base64 get the usual 401
     * challenge: Jetty's own lets the decoder's exception escape, which answers 500.
     */
    static final class LenientBasicAuthenticator extends BasicAuthenticator {
        @Override
        public AuthenticationState validateRequest(Request request, Response response, Callback callback)
                throws ServerAuthException {
            try {
                return super.validateRequest(request, response, callback);
            } catch (IllegalArgumentException notBase64) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
                Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401);
                return AuthenticationState.CHALLENGE;
            }
        }
    }

    private static HashLoginService loginService() {
        UserStore users = new UserStore();
        for (SampleAccount account : SampleAccount.values()) {
            users.addUser(account.user(), Credential.getCredential(account.password()), account.roles().toArray(String[]::new));
        }
        HashLoginService loginService = new HashLoginService(REALM);
        loginService.setUserStore(users);
        return loginService;
    }

    private static URI webappRoot() {
        URL webXml = Demo.class.getResource("/webapp/WEB-INF/web.xml");
        if (webXml == null) {
            throw new IllegalStateException("The demo is missing its webapp: no webapp/WEB-INF/web.xml on the class path");
        }
        String url = webXml.toString();
        return URI.create(url.substring(0, url.length() - "WEB-INF/web.xml".length()));
    }

    /** A web.xml fragment Jetty applies after the webapp's own, so these context-params win. */
    private static Path overrideDescriptor(Map<String, String> settings)
            throws IOException, ParserConfigurationException, TransformerException {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element webApp = document.createElementNS(JAKARTA_EE, "web-app");
        webApp.setAttribute("version", "6.0");
        document.appendChild(webApp);
        settings.forEach((name, value) -> {
            Element param = document.createElementNS(JAKARTA_EE, "context-param");
            Element paramName = document.createElementNS(JAKARTA_EE, "param-name");
            paramName.setTextContent(name);
            Element paramValue = document.createElementNS(JAKARTA_EE, "param-value");
            paramValue.setTextContent(value);
            param.appendChild(paramName);
            param.appendChild(paramValue);
            webApp.appendChild(param);
        });
        // created readable by this user only: it may hold the database password
        Path file = Files.createTempFile("patauth-demo-", "-override-web.xml");
        file.toFile().deleteOnExit();
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        Transformer transformer = factory.newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.transform(new DOMSource(document), new StreamResult(file.toFile()));
        return file;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
