package dev.patauth.admin;

import dev.patauth.servlet.PatAuthFilter;
import dev.patauth.servlet.PatAuthListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * An app with the admin servlet, in embedded Jetty on loopback over its own H2 database, as a
 * real app mounts it: the listener builds the engine, the container signs people in, and the
 * patauth filter (mode optional) sits in front of the servlet so access tokens work there too.
 *
 * <ul>
 *   <li>{@code /tokens/*}: the servlet with its defaults</li>
 *   <li>{@code /open-tokens/*}: a second instance with {@code patauth.admin.allow-create-with-token=true}</li>
 *   <li>{@code /sync-tokens/*}: a third, deployed without {@code async-supported}, as a deployer may forget it</li>
 * </ul>
 *
 * <p>The servlet and the filter support async, as the README asks, except on {@code /sync-tokens/*}.
 */
final class AdminApp implements AutoCloseable {

    static final String CONTEXT = "/app";
    static final String ROLE = "member";
    /** The role of the app's administrators, for apps started with {@code patauth.admin.role} set to it. */
    static final String ADMIN_ROLE = "admin";
    /** Where a job rotates the token it calls with; no login there, the filter authenticates it. */
    static final String CURRENT_ROTATE = "/tokens/api/tokens/current/rotate";

    /** How the container signs people in. */
    enum Login {
        /** BASIC credentials on any request, checked when the app asks who the user is. */
        BASIC,
        /**
         * A login form and a session cookie; {@code /tokens/*} needs a signed-in member, except
         * {@link #CURRENT_ROTATE}, which the filter in front of the servlet authenticates.
         */
        FORM
    }

    private static final AtomicInteger USERS = new AtomicInteger();

    private final Server server;
    private final UserStore users;
    private final URI base;
    /** The app's own HTTP client: no connection is shared with another test class's app. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminApp(Server server, UserStore users) {
        this.server = server;
        this.users = users;
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        this.base = URI.create("http://127.0.0.1:" + port + CONTEXT);
    }

    /** BASIC login over a fresh in-memory database. */
    static AdminApp start() {
        return start(Login.BASIC, freshDatabase(), Map.of());
    }

    static String freshDatabase() {
        return "jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    static AdminApp start(Login login, String jdbcUrl, Map<String, String> contextParams) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        // as the README tells Jetty users: tokens that differ only in case are different tokens
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setHeaderCacheCaseSensitive(true);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(CONTEXT, ServletContextHandler.SESSIONS);
        context.setInitParameter("patauth.jdbc.url", jdbcUrl);
        contextParams.forEach(context::setInitParameter);
        context.addEventListener(new PatAuthListener());

        UserStore users = new UserStore();
        HashLoginService loginService = new HashLoginService("patauth-test");
        loginService.setUserStore(users);
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setLoginService(loginService);
        security.setRealmName("patauth-test");
        if (login == Login.BASIC) {
            security.setAuthenticator(new BasicAuthenticator());
        } else {
            security.setAuthenticator(new FormAuthenticator("/login", "/login?failed", false));
            ConstraintMapping members = new ConstraintMapping();
            members.setPathSpec("/tokens/*");
            members.setConstraint(Constraint.from(ROLE));
            security.addConstraintMapping(members);
            // a job rotates its own token with only that token, so the login must not stand in front of
            // the filter there: the container checks constraints before any filter runs (the exact path wins)
            ConstraintMapping selfRotation = new ConstraintMapping();
            selfRotation.setPathSpec(CURRENT_ROTATE);
            selfRotation.setConstraint(Constraint.ALLOWED);
            security.addConstraintMapping(selfRotation);
            context.addServlet(new ServletHolder(new LoginPage()), "/login");
        }
        context.setSecurityHandler(security);

        FilterHolder filter = new FilterHolder(PatAuthFilter.class);
        filter.setInitParameter("patauth.mode", "optional");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/tokens/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(filter, "/open-tokens/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(filter, "/sync-tokens/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder tokens = new ServletHolder(TokenAdminServlet.class);
        tokens.setAsyncSupported(true);
        context.addServlet(tokens, "/tokens/*");
        ServletHolder open = new ServletHolder(TokenAdminServlet.class);
        open.setInitParameter(TokenAdminServlet.ALLOW_CREATE_WITH_TOKEN, "true");
        open.setAsyncSupported(true);
        context.addServlet(open, "/open-tokens/*");
        ServletHolder sync = new ServletHolder(TokenAdminServlet.class);
        sync.setAsyncSupported(false);
        context.addServlet(sync, "/sync-tokens/*");

        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the test app did not start", e);
        }
        return new AdminApp(server, users);
    }

    /** A new member of the app, signed in with BASIC credentials, whose tokens no other test touches. */
    Caller newUser() {
        String name = "user-" + USERS.incrementAndGet();
        users.addUser(name, Credential.getCredential(password(name)), new String[] {ROLE});
        return Caller.basic(this, name, password(name));
    }

    /** A new member by this name (a unique one), signed in with BASIC credentials. */
    Caller newUser(String name) {
        users.addUser(name, Credential.getCredential(password(name)), new String[] {ROLE});
        return Caller.basic(this, name, password(name));
    }

    /** A new member who is also in {@link #ADMIN_ROLE}, signed in with BASIC credentials. */
    Caller newAdmin() {
        String name = "admin-" + USERS.incrementAndGet();
        users.addUser(name, Credential.getCredential(password(name)), new String[] {ROLE, ADMIN_ROLE});
        return Caller.basic(this, name, password(name));
    }

    /** A new administrator, signed in through the login form, holding the session cookie. */
    Caller newSessionAdmin() {
        String name = "admin-" + USERS.incrementAndGet();
        users.addUser(name, Credential.getCredential(password(name)), new String[] {ROLE, ADMIN_ROLE});
        return Caller.session(this, name, password(name));
    }

    /** A new member, signed in through the login form, holding the session cookie. */
    Caller newSessionUser() {
        String name = "user-" + USERS.incrementAndGet();
        users.addUser(name, Credential.getCredential(password(name)), new String[] {ROLE});
        return Caller.session(this, name, password(name));
    }

    Caller anonymous() {
        return Caller.anonymous(this);
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    int port() {
        return base.getPort();
    }

    private static String password(String user) {
        return user + "-secret";
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The login form FORM authentication shows; tests post straight to j_security_check. */
    private static final class LoginPage extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/html");
            response.getWriter().write("<form method=post action=j_security_check>"
                    + "<input name=j_username><input name=j_password type=password></form>");
        }
    }
}
