package dev.patauth.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.NewToken;
import dev.patauth.PatAuth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The configurer in a running Spring Boot app, over real HTTP: a token request is the owner with
 * the owner's authorities and the token's scopes; refusals per RFC 6750; other schemes left to
 * the app's own login.
 */
@SpringBootTest(classes = TokenApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:configurer;DB_CLOSE_DELAY=-1",
        "patauth.scopes=read,write"})
class PatAuthConfigurerTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    PatAuth engine;

    private HttpResponse<String> send(String method, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String user, String... scopes) {
        return engine.create(user, NewToken.named("test " + System.nanoTime()).scopes(Set.of(scopes))).token();
    }

    @Test
    void aTokenRequestIsItsOwnerWithTheirAuthoritiesAndTheTokensScopes() throws Exception {
        String token = token("alice", "read");
        HttpResponse<String> response = send("GET", "/whoami", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"user\":\"alice\"").contains("\"token\":\"test ")
                .contains("\"ROLE_member\"").contains("\"SCOPE_read\"").doesNotContain("SCOPE_write");
        // no session for a token request
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aWriteTokenMayPostWithoutACsrfToken() throws Exception {
        HttpResponse<String> response = send("POST", "/notes", "Bearer " + token("alice", "read", "write"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"author\":\"alice\"}");
    }

    @Test
    void aReadTokenGetsInsufficientScopeNamingTheScope() throws Exception {
        HttpResponse<String> response = send("POST", "/notes", "Bearer " + token("alice", "read"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"token-app\", "
                + "error=\"insufficient_scope\", error_description=\"The token lacks the scope this resource requires\", scope=\"write\"");
        assertThat(response.body()).contains("\"error\":\"insufficient_scope\"");
    }

    @Test
    void preAuthorizeOnAScopeWorksAlike() throws Exception {
        assertThat(send("POST", "/drafts", "Bearer " + token("alice", "read", "write")).statusCode()).isEqualTo(200);
        HttpResponse<String> response = send("POST", "/drafts", "Bearer " + token("alice", "read"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"token-app\", "
                + "error=\"insufficient_scope\", error_description=\"The token lacks the scope this resource requires\", scope=\"write\"");
    }

    @Test
    void aRoleTheOwnerLacksIsAPlainForbidden() throws Exception {
        HttpResponse<String> response = send("GET", "/admin", "Bearer " + token("alice", "read", "write"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void aRevokedTokenIsRefusedWithAChallenge() throws Exception {
        var created = engine.create("alice", NewToken.named("to revoke"));
        assertThat(send("GET", "/whoami", "Bearer " + created.token()).statusCode()).isEqualTo(200);
        engine.revoke("alice", created.info().id());

        HttpResponse<String> response = send("GET", "/whoami", "Bearer " + created.token());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"token-app\", "
                + "error=\"invalid_token\", error_description=\"The token is unknown, revoked or expired\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The token is unknown, revoked or expired\"}");
    }

    @Test
    void aTokenOfAnOwnerTheAppDoesNotLetInIsRefused() throws Exception {
        assertThat(send("GET", "/whoami", "Bearer " + token("carol", "read")).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/whoami", "Bearer " + token("mallory", "read")).statusCode()).isEqualTo(401);
    }

    @Test
    void otherSchemesAreTheAppsBusiness() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> signedIn = send("GET", "/whoami", basic);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).contains("\"user\":\"alice\"").contains("\"token\":\"\"");
        // a Bearer token that is not patauth's meets the app's own entry point (Basic here), not ours
        HttpResponse<String> otherBearer = send("GET", "/whoami", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x");
        assertThat(otherBearer.statusCode()).isEqualTo(401);
        assertThat(otherBearer.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
    }
}
