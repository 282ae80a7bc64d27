package dev.patauth.springdemo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's curl walkthrough against the Spring Boot demo, over real HTTP: tokens made on the
 * Auth Tokens API behind alice's BASIC login, used on the app's API, refused per RFC 6750 when
 * they lack the scope or are revoked. One context, and one database, for the whole walkthrough
 * and {@link SpringDemoPageTest}.
 */
@SpringBootTest(classes = SpringDemo.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringDemoWalkthroughTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String ALICE = basic("alice", "alice-demo");
    private static final String BOB = basic("bob", "bob-demo");

    @LocalServerPort
    int port;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the README: a signed-in change says X-Requested-With. */
    private JsonNode createToken(String body) throws Exception {
        HttpResponse<String> created = send("POST", "/account/tokens/api/tokens", ALICE, body, "X-Requested-With", "curl");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body());
    }

    @Test
    void theReadmesWalkthrough() throws Exception {
        JsonNode reader = createToken("{\"name\":\"dashboard\",\"scopes\":[\"read\"],\"expiresInDays\":7}");
        String readerToken = reader.get("token").asText();

        HttpResponse<String> whoami = send("GET", "/api/whoami", "Bearer " + readerToken, null);
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(json.readTree(whoami.body())).isEqualTo(json.readTree(
                "{\"user\":\"alice\",\"roles\":[\"member\"],\"tokenName\":\"dashboard\",\"scopes\":[\"read\"]}"));

        HttpResponse<String> readOnly = send("POST", "/api/notes", "Bearer " + readerToken, "{\"text\":\"buy milk\"}");
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"patauth-sample\", "
                + "error=\"insufficient_scope\", error_description=\"The token lacks the scope this resource requires\", scope=\"write\"");

        String writer = createToken("{\"name\":\"my script\",\"scopes\":[\"read\",\"write\"]}").get("token").asText();
        HttpResponse<String> note = send("POST", "/api/notes", "Bearer " + writer, "{\"text\":\"buy milk\"}");
        assertThat(note.statusCode()).isEqualTo(201);
        assertThat(json.readTree(note.body()).get("author").asText()).isEqualTo("alice");
        assertThat(json.readTree(note.body()).get("text").asText()).isEqualTo("buy milk");

        HttpResponse<String> list = send("GET", "/account/tokens/api/tokens", ALICE, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json.readTree(list.body()).get("tokens")).extracting(token -> token.get("name").asText())
                .contains("dashboard", "my script");
        assertThat(list.body()).doesNotContain(readerToken).doesNotContain(writer);

        HttpResponse<String> rotated = send("POST", "/account/tokens/api/tokens/" + reader.get("id").asText() + "/rotate",
                ALICE, null, "X-Requested-With", "curl");
        assertThat(rotated.statusCode()).isEqualTo(201);
        assertThat(send("GET", "/api/whoami", "Bearer " + readerToken, null).statusCode()).isEqualTo(401);

        // a CI job rotates the token it runs with, with nothing but that token
        HttpResponse<String> ownRotation = send("POST", "/account/tokens/api/tokens/current/rotate", "Bearer " + writer, null);
        assertThat(ownRotation.statusCode()).as(ownRotation.body()).isEqualTo(201);
        JsonNode next = json.readTree(ownRotation.body());
        assertThat(send("GET", "/api/whoami", "Bearer " + writer, null).statusCode()).isEqualTo(401);
        String nextToken = next.get("token").asText();
        assertThat(send("GET", "/api/whoami", "Bearer " + nextToken, null).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = send("DELETE", "/account/tokens/api/tokens/" + next.get("id").asText(), ALICE, null,
                "X-Requested-With", "curl");
        assertThat(revoked.statusCode()).isEqualTo(204);
        HttpResponse<String> refused = send("GET", "/api/whoami", "Bearer " + nextToken, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"patauth-sample\", "
                + "error=\"invalid_token\", error_description=\"The token is unknown, revoked or expired\"");

        HttpResponse<String> leaked = send("POST", "/account/tokens/api/revoke-leaked", null, "{\"tokens\":[\"" + nextToken + "\"]}");
        assertThat(leaked.statusCode()).isEqualTo(202);
    }

    @Test
    void aSignedInChangeWithoutXRequestedWithIsRefused() throws Exception {
        HttpResponse<String> forged = send("POST", "/account/tokens/api/tokens", ALICE, "{\"name\":\"forged\"}");
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> list = send("GET", "/account/tokens/api/tokens", ALICE, null);
        assertThat(list.body()).doesNotContain("forged");
    }

    @Test
    void thePageIsBehindTheAppsLoginAndAdministratorsAreTheAdminRole() throws Exception {
        assertThat(send("GET", "/account/tokens/", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> page = send("GET", "/account/tokens/", ALICE, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");

        assertThat(send("GET", "/account/tokens/api/admin/tokens", ALICE, null).statusCode()).isEqualTo(403);
        HttpResponse<String> all = send("GET", "/account/tokens/api/admin/tokens", BOB, null);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(json.readTree(send("GET", "/api/whoami", BOB, null).body()).get("roles"))
                .extracting(JsonNode::asText).containsExactly("member", "admin");
    }
}
