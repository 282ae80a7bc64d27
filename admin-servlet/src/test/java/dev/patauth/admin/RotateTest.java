package dev.patauth.admin;

import static dev.patauth.admin.AdminApp.CURRENT_ROTATE;
import static dev.patauth.admin.ApiAssertions.assertNotStored;
import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.admin.Caller.TOKENS;
import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rotating tokens through the API, over HTTP: by id from a signed-in session or login, and as
 * {@code current} by a job holding only its token, through the patauth filter in front of the
 * servlet. The old token is refused by that filter the moment the new one is answered.
 */
class RotateTest {

    private static final String OPEN_TOKENS = "/open-tokens/api/tokens";
    private static final Map<String, String> SCOPES = Map.of("patauth.scopes", "read,write");

    private static AdminApp app;
    private static AdminApp formApp;

    @BeforeAll
    static void start() {
        app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(), SCOPES);
        formApp = AdminApp.start(AdminApp.Login.FORM, AdminApp.freshDatabase(), SCOPES);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        formApp.close();
    }

    @Test
    void rotatedTokenKeepsNameScopesAndLifetimeAndTheOldOneStopsWorking() {
        Caller alice = app.newUser();
        JsonNode old = created(alice.post(TOKENS, "{\"name\":\"deploy\",\"scopes\":[\"write\"],\"expiresInDays\":14}"));
        Caller oldHolder = alice.bearer(old.get("token").asText());
        assertStatus(oldHolder.get(TOKENS), 200);

        HttpResponse<String> response = alice.post(rotate(old), "");

        assertStatus(response, 201);
        assertNotStored(response);
        JsonNode rotated = Caller.json(response);
        assertThat(fieldNames(rotated)).containsExactly("id", "name", "token", "scopes", "createdAt", "expiresAt");
        assertThat(rotated.get("id")).isNotEqualTo(old.get("id"));
        assertThat(rotated.get("token")).isNotEqualTo(old.get("token"));
        assertThat(rotated.get("name").asText()).isEqualTo("deploy");
        assertThat(rotated.get("scopes").toString()).isEqualTo("[\"write\"]");
        assertThat(lifetime(rotated)).isEqualTo(Duration.ofDays(14));
        assertStatus(oldHolder.get(TOKENS), 401);
        assertStatus(alice.bearer(rotated.get("token").asText()).get(TOKENS), 200);
        assertThat(alice.tokens()).extracting(token -> token.get("id")).containsExactly(rotated.get("id"));
        assertThat(alice.get(TOKENS).body()).doesNotContain(rotated.get("token").asText());
    }

    @Test
    void rotatingWhatIsNotTheCallersActiveTokenIsNotFound() {
        Caller alice = app.newUser();
        Caller bob = app.newUser();
        JsonNode bobs = bob.createToken("bob's laptop");
        JsonNode revoked = alice.createToken("gone");
        assertStatus(alice.delete(TOKENS + "/" + revoked.get("id").asText()), 204);

        assertRefused(alice.post(TOKENS + "/" + UUID.randomUUID() + "/rotate", ""), 404, "not_found");
        assertRefused(alice.post(TOKENS + "/not-a-token-id/rotate", ""), 404, "not_found");
        assertRefused(alice.post(rotate(revoked), ""), 404, "not_found");
        assertRefused(alice.post(rotate(bobs), ""), 404, "not_found");

        assertStatus(bob.bearer(bobs.get("token").asText()).get(TOKENS), 200);
        assertThat(alice.tokens()).isEmpty();
    }

    @Test
    void rotationFromABrowserSessionNeedsTheHeaderOtherSitesCannotSend() {
        Caller alice = formApp.newSessionUser();
        JsonNode token = alice.createToken("laptop");

        assertRefused(alice.withoutRequestedWith().post(rotate(token), ""), 403, "forbidden");

        assertThat(alice.tokens()).extracting(listed -> listed.get("id")).containsExactly(token.get("id"));
        assertStatus(alice.post(rotate(token), ""), 201);
    }

    @Test
    void onlyPostRotates() {
        Caller alice = app.newUser();
        JsonNode token = alice.createToken("laptop");

        HttpResponse<String> get = alice.get(rotate(token));

        assertRefused(get, 405, "method_not_allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertRefused(alice.send(HttpRequest.newBuilder(app.uri(rotate(token) + "/more"))
                .POST(BodyPublishers.noBody())), 404, "not_found");
        assertThat(alice.tokens()).extracting(listed -> listed.get("id")).containsExactly(token.get("id"));
    }

    /** A leaked token must not trade itself for fresh copies of the owner's other tokens. */
    @Test
    void anAccessTokenRotatesOnlyItselfUnlessItMayCreateTokens() {
        Caller alice = app.newUser();
        JsonNode ci = alice.createToken("ci");
        JsonNode laptop = alice.createToken("laptop");
        Caller job = alice.bearer(ci.get("token").asText());

        String message = assertRefused(job.post(rotate(laptop), ""), 403, "forbidden");

        assertThat(message).contains("only itself", "current");
        assertStatus(alice.bearer(laptop.get("token").asText()).get(TOKENS), 200);
        JsonNode itself = created(job.post(rotate(ci), ""));
        assertThat(itself.get("name").asText()).isEqualTo("ci");
        assertStatus(job.get(TOKENS), 401);

        Caller opener = alice.bearer(itself.get("token").asText());
        JsonNode other = created(opener.post(OPEN_TOKENS + "/" + laptop.get("id").asText() + "/rotate", ""));
        assertThat(other.get("name").asText()).isEqualTo("laptop");
        assertStatus(alice.bearer(laptop.get("token").asText()).get(TOKENS), 401);
    }

    @Test
    void aJobRotatesTheTokenItCallsWith() {
        Caller alice = app.newUser();
        JsonNode ci = created(alice.post(TOKENS, "{\"name\":\"ci\",\"scopes\":[\"read\"],\"expiresInDays\":30}"));
        Caller job = alice.bearer(ci.get("token").asText());

        HttpResponse<String> response = job.post(TOKENS + "/current/rotate", "");

        JsonNode rotated = created(response);
        assertNotStored(response);
        assertThat(rotated.get("name").asText()).isEqualTo("ci");
        assertThat(rotated.get("scopes").toString()).isEqualTo("[\"read\"]");
        assertThat(lifetime(rotated)).isEqualTo(Duration.ofDays(30));
        assertStatus(job.get(TOKENS), 401);
        Caller rotatedJob = alice.bearer(rotated.get("token").asText());
        assertStatus(rotatedJob.get(TOKENS), 200);
        // the next run rotates again with what the last one got
        assertStatus(rotatedJob.post(TOKENS + "/current/rotate", ""), 201);
        assertStatus(rotatedJob.get(TOKENS), 401);
        assertThat(alice.tokens()).hasSize(1);
    }

    @Test
    void currentMeansAnAccessTokenSoALoginIsRefused() {
        Caller alice = app.newUser();
        JsonNode token = alice.createToken("laptop");

        String message = assertRefused(alice.post(TOKENS + "/current/rotate", ""), 400, "invalid_request");

        assertThat(message).contains("\"current\" means the access token that authenticates this request");
        assertThat(alice.tokens()).extracting(listed -> listed.get("id")).containsExactly(token.get("id"));
        assertRefused(app.anonymous().post(TOKENS + "/current/rotate", ""), 401, "unauthenticated");
    }

    /**
     * Behind a login form, the path is left out of the login constraint: the job's request
     * reaches the filter, not the login page, while the rest of the API still needs the login.
     */
    @Test
    void behindALoginFormAJobStillRotatesItsToken() {
        Caller alice = formApp.newSessionUser();
        JsonNode ci = alice.createToken("ci");
        Caller job = alice.bearer(ci.get("token").asText());

        JsonNode rotated = created(job.post(CURRENT_ROTATE, ""));

        assertThat(rotated.get("name").asText()).isEqualTo("ci");
        assertThat(alice.tokens()).extracting(listed -> listed.get("id")).containsExactly(rotated.get("id"));
        assertStatus(job.post(CURRENT_ROTATE, ""), 401);
        assertRefused(formApp.anonymous().post(CURRENT_ROTATE, ""), 401, "unauthenticated");
        HttpResponse<String> list = formApp.anonymous().get(TOKENS);
        assertThat(list.statusCode()).as("the rest of the API still sends strangers to the login").isIn(302, 303);
    }

    private static String rotate(JsonNode token) {
        return TOKENS + "/" + token.get("id").asText() + "/rotate";
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("answer: %s", response.body()).isEqualTo(201);
        return Caller.json(response);
    }

    private static Duration lifetime(JsonNode created) {
        return Duration.between(Instant.parse(created.get("createdAt").asText()), Instant.parse(created.get("expiresAt").asText()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
