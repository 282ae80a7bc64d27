package dev.patauth;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.servlet.PatAuthFilter;
import dev.patauth.servlet.PatAuthListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In mode {@code required}, a request the container has already authenticated (here a form
 * login session in Jetty) passes without a token; one without any login gets the 401.
 */
class ContainerLoginTest {

    private Server server;
    private PatAuth engine;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        engine = PatAuth.builder().jdbcUrl(TestDatabases.newH2(), null, null).build();
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        // a token that differs only in case from the connection's previous one must not be read as that one
        server.getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .setHeaderCacheCaseSensitive(true);
        ServletContextHandler context = new ServletContextHandler("/app",
                ServletContextHandler.SESSIONS | ServletContextHandler.SECURITY);
        context.setAttribute(PatAuthListener.ENGINE_ATTRIBUTE, engine);

        UserStore users = new UserStore();
        users.addUser("alice", Credential.getCredential("alice-password"), new String[] {"member"});
        HashLoginService loginService = new HashLoginService("test");
        loginService.setUserStore(users);
        ConstraintSecurityHandler security = (ConstraintSecurityHandler) context.getSecurityHandler();
        security.setLoginService(loginService);
        security.setAuthenticator(new FormAuthenticator("/login", "/login", false));
        ConstraintMapping loginArea = new ConstraintMapping();
        loginArea.setPathSpec("/account/*");
        loginArea.setConstraint(Constraint.from("member"));
        security.addConstraintMapping(loginArea);

        context.addFilter(new FilterHolder(new PatAuthFilter()), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new LoginPage()), "/login");
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + ((NetworkConnector) server.getConnectors()[0]).getLocalPort() + "/app");
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        engine.close();
    }

    @Test
    void aLoggedInSessionPassesWithoutAToken() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        browser.send(HttpRequest.newBuilder(base.resolve("/app/account/home")).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(base.resolve("/app/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=alice&j_password=alice-password")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertStatus(login, 303);

        HttpResponse<String> session = browser.send(HttpRequest.newBuilder(base.resolve("/app/api/echo")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = Http.get(base.resolve("/app/api/echo"));

        assertStatus(session, 200);
        assertThat(session.body()).contains("user=alice", "authType=FORM");
        assertStatus(anonymous, 401);

        // another scheme's header does not matter to a request the container already authenticated
        HttpResponse<String> sessionWithOtherHeader = browser.send(HttpRequest.newBuilder(base.resolve("/app/api/echo"))
                .header("Authorization", "Foo bar").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymousWithOtherHeader = Http.get(base.resolve("/app/api/echo"), "Authorization", "Foo bar");
        assertStatus(sessionWithOtherHeader, 200);
        assertThat(sessionWithOtherHeader.body()).contains("user=alice");
        assertStatus(anonymousWithOtherHeader, 401);
    }

    /** The form the container shows before a login. */
    private static final class LoginPage extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
            response.setContentType("text/html");
            response.getWriter().print("<form method=post action=j_security_check>"
                    + "<input name=j_username><input name=j_password type=password></form>");
        }
    }
}
