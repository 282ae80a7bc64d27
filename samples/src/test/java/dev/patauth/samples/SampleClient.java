package dev.patauth.samples;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What the README's curl walkthrough does, over HTTP against a running sample: a person
 * signed in with BASIC manages tokens at {@code account/tokens/api/tokens}, and a script
 * calls {@code api/whoami} with one of them.
 */
final class SampleClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A client of this caller's own: no connection is shared with another test's. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    /** @param base the sample's root, ending with a slash */
    SampleClient(URI base) {
        this.base = base;
    }

    /** Creates a token that does not expire, as the account's owner would with curl; returns the 201 body. */
    JsonNode createToken(SampleAccount account, String name) {
        return create(account, JSON.createObjectNode().put("name", name));
    }

    JsonNode createToken(SampleAccount account, String name, int expiresInDays) {
        return create(account, JSON.createObjectNode().put("name", name).put("expiresInDays", expiresInDays));
    }

    private JsonNode create(SampleAccount account, JsonNode body) {
        HttpResponse<String> response = send(signedIn(account, "account/tokens/api/tokens")
                .header("X-Requested-With", "curl")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body.toString())));
        assertThat(response.statusCode()).as("create: %s", response.body()).isEqualTo(201);
        return json(response);
    }

    HttpResponse<String> listTokens(SampleAccount account) {
        return send(signedIn(account, "account/tokens/api/tokens").GET());
    }

    HttpResponse<String> revoke(SampleAccount account, String id) {
        return send(signedIn(account, "account/tokens/api/tokens/" + id).header("X-Requested-With", "curl").DELETE());
    }

    HttpResponse<String> whoami(String token) {
        return send(HttpRequest.newBuilder(base.resolve("api/whoami")).header("Authorization", "Bearer " + token).GET());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /**
     * The walkthrough from create to the 401 after revoking, with a token created through the
     * sample's own API, checking every answer a person would read.
     */
    void walkThrough() {
        JsonNode created = createToken(SampleAccount.ALICE, "walkthrough");
        String token = created.get("token").asText();

        HttpResponse<String> whoami = whoami(token);
        assertThat(whoami.statusCode()).as("whoami: %s", whoami.body()).isEqualTo(200);
        JsonNode alice = json(whoami);
        assertThat(alice.get("user").asText()).isEqualTo("alice");
        assertThat(alice.get("roles")).containsExactly(JSON.valueToTree("member"));
        assertThat(alice.get("tokenName").asText()).isEqualTo("walkthrough");

        HttpResponse<String> list = listTokens(SampleAccount.ALICE);
        assertStatus(list, 200);
        assertThat(list.body()).contains(created.get("id").asText()).doesNotContain(token);

        JsonNode bob = json(whoami(createToken(SampleAccount.BOB, "bob's script").get("token").asText()));
        assertThat(bob.get("roles")).as("the owner's roles, from the app's table")
                .containsExactly(JSON.valueToTree("member"), JSON.valueToTree("admin"));

        assertStatus(revoke(SampleAccount.ALICE, created.get("id").asText()), 204);
        HttpResponse<String> refused = whoami(token);
        assertStatus(refused, 401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));

        // someone who finds bob's token in public kills it without signing in
        String bobs = createToken(SampleAccount.BOB, "pasted by mistake").get("token").asText();
        HttpResponse<String> reported = send(HttpRequest.newBuilder(base.resolve("account/tokens/api/revoke-leaked"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.createObjectNode().set("tokens",
                        JSON.createArrayNode().add(bobs)).toString())));
        assertThat(reported.statusCode()).as("report: %s", reported.body()).isEqualTo(202);
        // revoked moments after the answer, so that the answer says nothing about the token
        await().atMost(Duration.ofSeconds(10)).until(() -> whoami(bobs).statusCode() == 401);
    }

    /**
     * Credentials no container can read, on the token API, the login-protected page and API,
     * and an address with nothing behind it: a 4xx, or where the container itself fails (Jetty
     * 12 on a Basic value that is not Base64) a 500, but never a stack trace.
     *
     * @return the statuses, in the order asked
     */
    List<Integer> brokenCredentialsGetNoStackTrace() {
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of("api/whoami", "account/tokens/api/tokens", "account/tokens/", "nothing/here")) {
            for (String authorization : List.of("Basic Zm9v, Bearer pat_abc", "Basic !!!")) {
                HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization).GET());
                assertThat(answer.body()).as("%s with %s answered %d", path, authorization, answer.statusCode())
                        .doesNotContain("\tat ", "at java.", "at org.", "Caused by");
                statuses.add(answer.statusCode());
            }
        }
        return statuses;
    }

    private HttpRequest.Builder signedIn(SampleAccount account, String path) {
        String credentials = account.user() + ":" + account.password();
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
