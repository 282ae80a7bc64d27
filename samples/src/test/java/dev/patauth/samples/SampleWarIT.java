package dev.patauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built WAR, deployed as an operator would into Jetty 12 (ee10) and Tomcat 11, answers
 * the README's walkthrough: a token made through its own API works on {@code /api/whoami}
 * until it is revoked; a read-only token may not write notes; rotations, on the page's API and
 * by a CI job through the sample's route, replace a token at once. The containers know alice and bob; the WAR brings everything else.
 */
class SampleWarIT {

    private static final Path WAR = Path.of("target", "patauth-sample.war");

    @BeforeAll
    static void warIsBuilt() {
        assertThat(WAR).as("mvn package builds the WAR before this test").isRegularFile();
    }

    /**
     * The walkthrough, then the review's slow clients on the leak endpoint, with the container's
     * default limits; on Tomcat also until the endpoint's deadline (Jetty's 408 is covered by
     * the admin module's SlowReportersTest, and waiting costs 10 s). Credentials no container
     * can read get a 4xx, except Jetty's own 500 for a Basic value that is not Base64; never a
     * stack trace. A BASIC login on the app's API outside the security constraint is checked by
     * Jetty (200) and not by Tomcat (the filter's 401). Last, the walkthrough's lifecycle part (scopes, rotations), which needs the
     * admin servlet's part of issue 12.
     */
    private static void servesTheWalkthroughAndOutlastsSlowReporters(URI base, boolean untilTheDeadline,
                                                                     int highestStatusForBrokenCredentials,
                                                                     int basicLoginOnTheApi) throws Exception {
        SampleClient client = new SampleClient(base);
        client.walkThrough();
        String token = client.createToken(SampleAccount.ALICE, "while reporters hang").get("token").asText();
        SlowReporters.assertAValidTokenIsAnsweredWhile250Hang(base, token, untilTheDeadline);
        assertThat(client.brokenCredentialsGetNoStackTrace()).as("statuses for credentials no container can read")
                .allSatisfy(status -> assertThat(status).isBetween(400, highestStatusForBrokenCredentials));
        HttpResponse<String> signedIn = client.whoami(SampleAccount.ALICE);
        assertThat(signedIn.statusCode()).as("BASIC on api/whoami, as the README says: %s", signedIn.body())
                .isEqualTo(basicLoginOnTheApi);
        client.walkThroughTheLifecycle();
    }

    @Test
    void jettyServesTheWar() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        // as the README tells Jetty users: tokens that differ only in case are different tokens
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setHeaderCacheCaseSensitive(true);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.addBean(jettyUsers());
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/sample");
        webapp.setWar(WAR.toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        try {
            servesTheWalkthroughAndOutlastsSlowReporters(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/sample/"), false, 500, 200);
        } finally {
            server.stop();
        }
    }

    @Test
    void tomcatServesTheWar(@TempDir Path baseDir) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        for (SampleAccount account : SampleAccount.values()) {
            tomcat.addUser(account.user(), account.password());
            account.roles().forEach(role -> tomcat.addRole(account.user(), role));
        }
        Files.createDirectories(baseDir.resolve("webapps"));
        // Tomcat's default web.xml adds a JSP servlet that tomcat-embed-core alone cannot load
        tomcat.setAddDefaultWebXmlToWebapp(false);
        StandardContext context = (StandardContext) tomcat.addWebapp("/sample", WAR.toAbsolutePath().toString());
        // these leak checks need --add-opens and only warn without it
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        tomcat.start();
        try {
            assertThat(context.getState().isAvailable()).as("the WAR started in Tomcat").isTrue();
            int port = tomcat.getConnector().getLocalPort();
            servesTheWalkthroughAndOutlastsSlowReporters(URI.create("http://127.0.0.1:" + port + "/sample/"), true, 499, 401);
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static HashLoginService jettyUsers() {
        UserStore users = new UserStore();
        for (SampleAccount account : SampleAccount.values()) {
            users.addUser(account.user(), Credential.getCredential(account.password()), account.roles().toArray(String[]::new));
        }
        HashLoginService loginService = new HashLoginService(Demo.REALM);
        loginService.setUserStore(users);
        return loginService;
    }
}
