package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertNotStored;
import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.admin.Caller.TOKENS;
import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listing, creating and revoking tokens through the JSON API, over HTTP, as their owners would. */
class TokenApiTest {

    private static final String TOKEN_PATTERN = "^pat_[0-9A-Za-z]{46}$";

    private static AdminApp app;

    @BeforeAll
    static void start() {
        app = AdminApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void createdTokenIsShownOnceAndNeverListed() {
        Caller alice = app.newUser();

        HttpResponse<String> response = alice.post(TOKENS, "{\"name\":\"CI pipeline\"}");

        assertStatus(response, 201);
        assertNotStored(response);
        JsonNode created = Caller.json(response);
        assertThat(fieldNames(created)).containsExactly("id", "name", "token", "scopes", "createdAt", "expiresAt");
        assertThat(created.get("scopes")).as("an app without scopes gives none").isEmpty();
        assertThat(created.get("name").asText()).isEqualTo("CI pipeline");
        assertThat(created.get("token").asText()).matches(TOKEN_PATTERN);
        assertThat(created.get("expiresAt").isNull()).isTrue();
        assertThat(Instant.parse(created.get("createdAt").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());

        HttpResponse<String> list = alice.get(TOKENS);
        assertStatus(list, 200);
        assertNotStored(list);
        assertThat(list.body()).doesNotContain(created.get("token").asText());
        JsonNode body = Caller.json(list);
        assertThat(fieldNames(body)).containsExactly("limit", "scopes", "defaultScopes", "expiry", "tokens", "admin");
        assertThat(body.get("admin").asBoolean()).as("no administrators here").isFalse();
        assertThat(body.get("limit").asInt()).isEqualTo(10);
        assertThat(body.get("scopes")).as("this app declares no scopes").isEmpty();
        assertThat(body.get("defaultScopes")).isEmpty();
        assertThat(body.get("expiry").toString()).isEqualTo("{\"defaultDays\":null,\"maxDays\":365,\"required\":false}");
        JsonNode listed = body.get("tokens").get(0);
        assertThat(fieldNames(listed)).containsExactly("id", "name", "scopes", "createdAt", "lastUsedAt", "lastUsedAddress",
                "lastUsedAgent", "expiresAt");
        assertThat(listed.get("scopes")).isEmpty();
        assertThat(listed.get("id")).isEqualTo(created.get("id"));
        assertThat(listed.get("name")).isEqualTo(created.get("name"));
        assertThat(listed.get("createdAt")).isEqualTo(created.get("createdAt"));
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();
        assertThat(listed.get("lastUsedAddress").isNull()).isTrue();
        assertThat(listed.get("lastUsedAgent").isNull()).isTrue();
        assertThat(listed.get("expiresAt").isNull()).isTrue();
    }

    @Test
    void listIsNewestFirstAndStartsEmpty() {
        Caller alice = app.newUser();
        assertThat(alice.tokens()).isEmpty();

        alice.createToken("first");
        alice.createToken("second");
        alice.createToken("third");

        assertThat(alice.tokens()).extracting(token -> token.get("name").asText()).containsExactly("third", "second", "first");
    }

    @Test
    void expiryInDaysIsKeptAndListed() {
        Caller alice = app.newUser();

        JsonNode created = Caller.json(alice.post(TOKENS, "{\"name\":\"deploy\",\"expiresInDays\":30}"));

        Instant createdAt = Instant.parse(created.get("createdAt").asText());
        assertThat(Instant.parse(created.get("expiresAt").asText())).isEqualTo(createdAt.plus(Duration.ofDays(30)));
        assertThat(alice.tokens().get(0).get("expiresAt")).isEqualTo(created.get("expiresAt"));
    }

    @Test
    void expiryOutsideOneToThreeHundredSixtyFiveDaysIsRefused() {
        Caller alice = app.newUser();
        for (String days : List.of("0", "366", "-1", "1.5", "\"30\"", "true", "99999999999")) {
            String message = assertRefused(alice.post(TOKENS, "{\"name\":\"deploy\",\"expiresInDays\":" + days + "}"), 400,
                    "invalid_expiry");
            assertThat(message).contains("from 1 to 365", "or null for a token that does not expire");
        }
        assertStatus(alice.post(TOKENS, "{\"name\":\"a day\",\"expiresInDays\":1}"), 201);
        assertStatus(alice.post(TOKENS, "{\"name\":\"a year\",\"expiresInDays\":365}"), 201);
        assertStatus(alice.post(TOKENS, "{\"name\":\"no expiry\",\"expiresInDays\":null}"), 201);
        assertThat(alice.tokens()).hasSize(3);
    }

    @Test
    void revokedTokenLeavesTheListAndStopsWorking() {
        Caller alice = app.newUser();
        JsonNode kept = alice.createToken("kept");
        JsonNode revoked = alice.createToken("laptop");
        Caller laptop = alice.bearer(revoked.get("token").asText());
        assertStatus(laptop.get(TOKENS), 200);

        HttpResponse<String> response = alice.delete(TOKENS + "/" + revoked.get("id").asText());

        assertStatus(response, 204);
        assertNotStored(response);
        assertThat(alice.tokens()).extracting(token -> token.get("id")).containsExactly(kept.get("id"));
        assertStatus(laptop.get(TOKENS), 401);
        assertRefused(alice.delete(TOKENS + "/" + revoked.get("id").asText()), 404, "not_found");
    }

    @Test
    void eleventhTokenIsRefusedUntilOneIsRevoked() {
        Caller alice = app.newUser();
        List<JsonNode> created = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            created.add(alice.createToken("token " + i));
        }

        String message = assertRefused(alice.post(TOKENS, "{\"name\":\"token 11\"}"), 409, "token_limit_reached");

        assertThat(message).contains("10").contains("Revoke a token you no longer need");
        assertThat(alice.tokens()).hasSize(10);
        assertStatus(alice.delete(TOKENS + "/" + created.get(0).get("id").asText()), 204);
        assertStatus(alice.post(TOKENS, "{\"name\":\"token 11\"}"), 201);
    }

    @Test
    void anotherUsersTokenCannotBeSeenOrRevoked() {
        Caller alice = app.newUser();
        Caller bob = app.newUser();
        JsonNode alices = alice.createToken("alice's laptop");
        bob.createToken("bob's laptop");

        assertThat(bob.tokens()).extracting(token -> token.get("name").asText()).containsExactly("bob's laptop");
        assertRefused(bob.delete(TOKENS + "/" + alices.get("id").asText()), 404, "not_found");
        assertThat(alice.tokens()).extracting(token -> token.get("id")).containsExactly(alices.get("id"));
        assertStatus(alice.bearer(alices.get("token").asText()).get(TOKENS), 200);
    }

    @Test
    void unknownOrMalformedIdIsNotFound() {
        Caller alice = app.newUser();
        assertRefused(alice.delete(TOKENS + "/" + UUID.randomUUID()), 404, "not_found");
        assertRefused(alice.delete(TOKENS + "/not-a-token-id"), 404, "not_found");
        assertRefused(alice.delete(TOKENS + "/" + UUID.randomUUID() + "/more"), 404, "not_found");
    }

    @Test
    void namesTheEngineRefusesAreInvalidNames() {
        Caller alice = app.newUser();
        for (String body : List.of("{}", "{\"name\":null}", "{\"name\":\"\"}", "{\"name\":\"   \"}",
                "{\"name\":\"" + "x".repeat(101) + "\"}", "{\"name\":\"line\\nbreak\"}",
                "{\"name\":\"" + "😀".repeat(101) + "\"}",
                "{\"name\":\"\\u00a0\\u3000\"}", "{\"name\":\"\\u200b\\u2060\"}",
                "{\"name\":\"invoice\\u202egpj.exe\"}", "{\"name\":\"left\\u2066isolate\"}",
                "{\"name\":\"a\\ud800b\"}", "{\"name\":\"a\\udc00b\"}")) {
            assertRefused(alice.post(TOKENS, body), 400, "invalid_name");
        }
        assertThat(alice.tokens()).isEmpty();
        assertStatus(alice.post(TOKENS, "{\"name\":\"" + "x".repeat(100) + "\"}"), 201);
    }

    @Test
    void bodiesThatAreNotOneTokenObjectAreInvalidJson() {
        Caller alice = app.newUser();
        for (String body : List.of("", "{", "not json", "[]", "\"name\"", "{\"name\":5}", "{\"name\":[\"a\"]}",
                "{\"name\":\"a\"} {\"name\":\"b\"}", "{\"name\":\"a\",\"name\":\"b\"}")) {
            assertRefused(alice.post(TOKENS, body), 400, "invalid_json");
        }
        assertThat(alice.tokens()).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnored() {
        Caller alice = app.newUser();

        HttpResponse<String> response = alice.post(TOKENS, "{\"name\":\"newer client\",\"color\":\"blue\",\"expiresIn\":30}");

        assertStatus(response, 201);
        assertThat(Caller.json(response).get("expiresAt").isNull()).isTrue();
        assertThat(alice.tokens()).extracting(token -> token.get("name").asText()).containsExactly("newer client");
    }

    /** Without declared scopes a token has none to choose, so naming one is a mistake to tell about. */
    @Test
    void appWithoutScopesRefusesScopesButTakesAnEmptyList() {
        Caller alice = app.newUser();

        String message = assertRefused(alice.post(TOKENS, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}"), 400, "invalid_scope");

        assertThat(message).contains("declares no scopes");
        assertStatus(alice.post(TOKENS, "{\"name\":\"ci\",\"scopes\":[]}"), 201);
        assertThat(alice.tokens()).extracting(token -> token.get("scopes").size()).containsExactly(0);
    }

    @Test
    void namesAreListedExactlyAsCreateAnsweredThem() {
        Caller alice = app.newUser();
        // the name as the JSON body sends it, and as the answer and the list must show it
        Map<String, String> names = new LinkedHashMap<>();
        names.put("\"Déploiement 🚀\"", "Déploiement 🚀");
        names.put("\"日本語のトークン\"", "日本語のトークン");
        names.put("\"<img src=x onerror=alert(1)>\"", "<img src=x onerror=alert(1)>");
        names.put("\"Robert'); DROP TABLE patauth_token;--\"", "Robert'); DROP TABLE patauth_token;--");
        names.put("\"emoji 👩\u200d💻 zwj\"", "emoji 👩\u200d💻 zwj");
        names.put("\"" + "😀".repeat(100) + "\"", "😀".repeat(100));
        names.put("\"Cafe\\u0301\"", "Caf\u00e9");
        names.put("\"  spaced  \"", "spaced");
        names.put("\"\\u00a0laptop\\u3000\"", "laptop");

        Map<String, String> answered = new LinkedHashMap<>();
        names.forEach((json, expected) -> {
            HttpResponse<String> response = alice.post(TOKENS, "{\"name\":" + json + "}");
            assertThat(response.statusCode()).as("create %s: %s", json, response.body()).isEqualTo(201);
            JsonNode created = Caller.json(response);
            assertThat(created.get("name").asText()).as("the answer to %s", json).isEqualTo(expected);
            answered.put(created.get("id").asText(), created.get("name").asText());
        });

        List<JsonNode> listed = alice.tokens();
        assertThat(listed).extracting(token -> token.get("id").asText())
                .containsExactlyInAnyOrderElementsOf(answered.keySet());
        for (JsonNode token : listed) {
            assertThat(token.get("name").asText().getBytes(StandardCharsets.UTF_8)).as("listed %s", token.get("name"))
                    .isEqualTo(answered.get(token.get("id").asText()).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void bodyThatIsNotJsonIsUnsupported() {
        Caller alice = app.newUser();
        assertRefused(alice.post(TOKENS, "{\"name\":\"a\"}", "text/plain"), 415, "unsupported_media_type");
        assertRefused(alice.post(TOKENS, "name=a", "application/x-www-form-urlencoded"), 415, "unsupported_media_type");
        assertThat(alice.post(TOKENS, "{\"name\":\"a\"}", "application/json; charset=UTF-8").statusCode()).isEqualTo(201);
    }

    @Test
    void bodyOverSixteenKibibytesIsRefusedUnread() {
        Caller alice = app.newUser();
        String large = "{\"name\":\"" + "x".repeat(16 * 1024) + "\"}";

        assertRefused(alice.post(TOKENS, large), 413, "request_too_large");
        // without a Content-Length the cap applies while reading
        assertRefused(alice.send(HttpRequest.newBuilder(app.uri(TOKENS))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(large.getBytes(StandardCharsets.UTF_8))))), 413, "request_too_large");
        assertThat(alice.tokens()).isEmpty();
    }

    /**
     * The 413 must reach the client: refused unread, the rest of a body left the container to
     * close a connection the client was still writing to, and about 1 refusal in 15 reached
     * the client as a reset connection instead of the answer.
     */
    @Test
    void everyClientThatSendsTooLargeABodyReadsTheRefusal() {
        Caller alice = app.newUser();
        String large = "{\"name\":\"" + "x".repeat(20 * 1024) + "\"}";
        for (int i = 0; i < 200; i++) {
            assertRefused(alice.post(TOKENS, large), 413, "request_too_large");
        }
    }

    @Test
    void callerWithoutUserIsUnauthenticated() {
        Caller nobody = app.anonymous();
        assertRefused(nobody.get(TOKENS), 401, "unauthenticated");
        assertRefused(nobody.post(TOKENS, "{\"name\":\"a\"}"), 401, "unauthenticated");
        assertRefused(nobody.delete(TOKENS + "/" + UUID.randomUUID()), 401, "unauthenticated");
    }

    @Test
    void unknownResourcesAndMethodsAreRefused() {
        Caller alice = app.newUser();
        assertRefused(alice.get("/tokens/api/nothing"), 404, "not_found");
        HttpResponse<String> put = alice.send(HttpRequest.newBuilder(app.uri(TOKENS))
                .PUT(BodyPublishers.ofString("{}")));
        assertRefused(put, 405, "method_not_allowed");
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
        assertRefused(alice.get(TOKENS + "/" + UUID.randomUUID()), 405, "method_not_allowed");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
