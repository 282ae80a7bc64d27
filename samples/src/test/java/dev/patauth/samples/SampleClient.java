package dev.patauth.samples;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.assertj.core.api.InstanceOfAssertFactories;

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

    /**
     * Creates a token with the sample's defaults (every scope, 30 days), as the account's owner
     * would with curl; returns the 201 body.
     */
    JsonNode createToken(SampleAccount account, String name) {
        return create(account, JSON.createObjectNode().put("name", name));
    }

    /**
     * Creates a token with these scopes and lifetime through the token API. The API reads
     * {@code "scopes"} since the admin servlet's part of issue 12; before it, a token gets every scope.
     */
    JsonNode createToken(SampleAccount account, String name, List<String> scopes, int expiresInDays) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("expiresInDays", expiresInDays);
        scopes.forEach(body.putArray("scopes")::add);
        return create(account, body);
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

    /** A GET of a path under the sample's root, signed in as the account. */
    HttpResponse<String> get(SampleAccount account, String path) {
        return send(signedIn(account, path).GET());
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

    /** {@code POST api/notes} with a token, as a script would. */
    HttpResponse<String> postNote(String token, String text) {
        return send(HttpRequest.newBuilder(base.resolve("api/notes"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.createObjectNode().put("text", text).toString())));
    }

    /** {@code POST api/notes} signed in with BASIC, as a person (with curl -u) would. */
    HttpResponse<String> postNote(SampleAccount account, String text) {
        return send(signedIn(account, "api/notes")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.createObjectNode().put("text", text).toString())));
    }

    /** {@code GET api/whoami} signed in with BASIC instead of a token. */
    HttpResponse<String> whoami(SampleAccount account) {
        return send(signedIn(account, "api/whoami").GET());
    }

    /** Rotates one of the account's tokens on the Auth Tokens API, as the page's Rotate does. */
    HttpResponse<String> rotate(SampleAccount account, String id) {
        return send(signedIn(account, "account/tokens/api/tokens/" + id + "/rotate")
                .header("X-Requested-With", "curl")
                .POST(BodyPublishers.noBody()));
    }

    /**
     * Rotates the token the request carries, as a CI job does with its own: the sample's web.xml
     * leaves this one path of the Auth Tokens API out of the login and puts the patauth filter on it.
     */
    HttpResponse<String> rotateCurrent(String token) {
        return send(HttpRequest.newBuilder(base.resolve("account/tokens/api/tokens/current/rotate"))
                .header("Authorization", "Bearer " + token)
                .POST(BodyPublishers.noBody()));
    }

    /** The same, without any credentials. */
    HttpResponse<String> rotateCurrentWithoutToken() {
        return send(HttpRequest.newBuilder(base.resolve("account/tokens/api/tokens/current/rotate")).POST(BodyPublishers.noBody()));
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

        // the route for CI jobs asks for no login: without a token, the patauth filter's challenge, not BASIC's
        HttpResponse<String> anonymous = rotateCurrentWithoutToken();
        assertStatus(anonymous, 401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("Bearer realm=");

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
     * The token lifecycle of the README's walkthrough, with tokens made through the token API:
     * scopes ({@link #scopesLimitWhatATokenMayDo}), a rotation on the page's API and one by a CI
     * job of its own token ({@link #aJobRotatesItsOwnToken}). Needs the admin servlet's part of
     * issue 12: {@code "scopes"} on create, {@code api/tokens/{id}/rotate} and
     * {@code api/tokens/current/rotate}.
     */
    void walkThroughTheLifecycle() {
        JsonNode reader = createToken(SampleAccount.ALICE, "dashboard", List.of("read"), 7);
        assertThat(reader.get("expiresAt").isNull()).as("expires in 7 days: %s", reader).isFalse();
        JsonNode writer = createToken(SampleAccount.ALICE, "note taker", List.of("read", "write"), 30);
        scopesLimitWhatATokenMayDo(reader.get("token").asText(), writer.get("token").asText(), "alice");

        HttpResponse<String> rotated = rotate(SampleAccount.ALICE, writer.get("id").asText());
        assertThat(rotated.statusCode()).as("rotate: %s", rotated.body()).isEqualTo(201);
        JsonNode successor = json(rotated);
        assertThat(successor.get("name").asText()).isEqualTo("note taker");
        assertStatus(whoami(writer.get("token").asText()), 401);
        HttpResponse<String> note = postNote(successor.get("token").asText(), "written with the new token");
        assertThat(note.statusCode()).as("the new token keeps write: %s", note.body()).isEqualTo(201);

        aJobRotatesItsOwnToken(successor.get("token").asText());
    }

    /**
     * A token with only {@code read} may call whoami, which lists its scopes, but gets 403
     * {@code insufficient_scope} naming {@code write} on {@code api/notes}; a token with
     * {@code write} gets its note back, with the owner as author.
     */
    void scopesLimitWhatATokenMayDo(String readOnly, String readWrite, String owner) {
        HttpResponse<String> reader = whoami(readOnly);
        assertThat(reader.statusCode()).as("whoami: %s", reader.body()).isEqualTo(200);
        assertThat(json(reader).get("scopes")).containsExactly(JSON.valueToTree("read"));

        HttpResponse<String> refused = postNote(readOnly, "not with this token");
        assertStatus(refused, 403);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .startsWith("Bearer realm=").contains("error=\"insufficient_scope\"", "scope=\"write\""));
        assertThat(json(refused).get("error").asText()).isEqualTo("insufficient_scope");

        HttpResponse<String> writer = whoami(readWrite);
        assertThat(json(writer).get("scopes")).as("in the order the app declares them")
                .containsExactly(JSON.valueToTree("read"), JSON.valueToTree("write"));
        HttpResponse<String> created = postNote(readWrite, "buy milk");
        assertThat(created.statusCode()).as("note: %s", created.body()).isEqualTo(201);
        JsonNode note = json(created);
        assertThat(note.get("author").asText()).isEqualTo(owner);
        assertThat(note.get("text").asText()).isEqualTo("buy milk");
        assertThat(note.get("id").isIntegralNumber()).as("an id: %s", note).isTrue();
    }

    /**
     * A CI job rotates the token it runs with, authenticated by that token alone: 201 with the
     * new token, after which the old one is refused and the new one works.
     *
     * @return the new token
     */
    String aJobRotatesItsOwnToken(String token) {
        HttpResponse<String> rotated = rotateCurrent(token);
        assertThat(rotated.statusCode()).as("current/rotate: %s", rotated.body()).isEqualTo(201);
        String successor = json(rotated).get("token").asText();
        assertThat(successor).startsWith("pat_").isNotEqualTo(token);
        HttpResponse<String> old = whoami(token);
        assertStatus(old, 401);
        assertThat(old.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
        assertStatus(whoami(successor), 200);
        return successor;
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
