package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.admin.Caller.TOKENS;
import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creating and listing tokens in an app that declares scopes and an expiry policy, as the
 * sample does: scopes {@code read} and {@code write}, 30 days unless chosen, at most 90.
 */
class ScopesAndExpiryTest {

    private static final Map<String, String> SETTINGS = Map.of(
            "patauth.scopes", "read,write",
            "patauth.scope.read", "Read your notes and account",
            "patauth.scope.write", "Create and change notes",
            "patauth.scopes.default", "read",
            "patauth.expiry.default", "30d",
            "patauth.expiry.max", "90d",
            // short, so that a use shows in the list within the test's patience
            "patauth.last-used.interval", "200ms");

    private static AdminApp app;
    private static AdminApp mustExpire;

    @BeforeAll
    static void start() {
        app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(), SETTINGS);
        mustExpire = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(), Map.of(
                "patauth.scopes", "read,write",
                "patauth.expiry.max", "60d",
                "patauth.expiry.required", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        mustExpire.close();
    }

    @Test
    void listTellsAPageWhatToOffer() {
        JsonNode list = Caller.json(app.newUser().get(TOKENS));

        assertThat(list.get("scopes").toString()).isEqualTo("[{\"name\":\"read\",\"description\":\"Read your notes and account\"},"
                + "{\"name\":\"write\",\"description\":\"Create and change notes\"}]");
        assertThat(list.get("defaultScopes").toString()).isEqualTo("[\"read\"]");
        assertThat(list.get("expiry").toString()).isEqualTo("{\"defaultDays\":30,\"maxDays\":90,\"required\":false}");
        assertThat(Caller.json(mustExpire.newUser().get(TOKENS)).get("expiry").toString())
                .isEqualTo("{\"defaultDays\":null,\"maxDays\":60,\"required\":true}");
    }

    @Test
    void chosenScopesAreKeptAndListedInTheDeclaredOrder() {
        Caller alice = app.newUser();

        HttpResponse<String> response = alice.post(TOKENS, "{\"name\":\"deploy\",\"scopes\":[\"write\",\"read\",\"write\"]}");

        assertStatus(response, 201);
        assertThat(Caller.json(response).get("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
        assertThat(alice.tokens().get(0).get("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
        alice.post(TOKENS, "{\"name\":\"reader\",\"scopes\":[\"read\"]}");
        assertThat(alice.tokens()).extracting(token -> token.get("scopes").toString())
                .containsExactly("[\"read\"]", "[\"read\",\"write\"]");
    }

    @Test
    void scopesLeftOutAreTheDefaultOnes() {
        Caller alice = app.newUser();

        JsonNode created = Caller.json(alice.post(TOKENS, "{\"name\":\"defaults\"}"));

        assertThat(created.get("scopes").toString()).isEqualTo("[\"read\"]");
        assertThat(alice.tokens().get(0).get("scopes").toString()).isEqualTo("[\"read\"]");
    }

    @Test
    void unknownOrNoScopesAreInvalidScopes() {
        Caller alice = app.newUser();

        String unknown = assertRefused(alice.post(TOKENS, "{\"name\":\"ci\",\"scopes\":[\"read\",\"admin\"]}"), 400,
                "invalid_scope");
        String none = assertRefused(alice.post(TOKENS, "{\"name\":\"ci\",\"scopes\":[]}"), 400, "invalid_scope");

        assertThat(unknown).contains("admin", "read, write");
        assertThat(none).contains("at least one scope", "read, write");
        for (String scopes : List.of("null", "\"read\"", "[\"read\",5]", "[null]", "{\"read\":true}", "true")) {
            String message = assertRefused(alice.post(TOKENS, "{\"name\":\"ci\",\"scopes\":" + scopes + "}"), 400,
                    "invalid_scope");
            assertThat(message).as("for %s", scopes).contains("must be a list of scope names");
        }
        assertThat(alice.tokens()).isEmpty();
    }

    @Test
    void expiryLeftOutIsTheDefaultNullIsNoneAndDaysAreDays() {
        Caller alice = app.newUser();

        JsonNode byDefault = Caller.json(alice.post(TOKENS, "{\"name\":\"default\"}"));
        JsonNode never = Caller.json(alice.post(TOKENS, "{\"name\":\"never\",\"expiresInDays\":null}"));
        JsonNode week = Caller.json(alice.post(TOKENS, "{\"name\":\"week\",\"expiresInDays\":7}"));
        JsonNode most = Caller.json(alice.post(TOKENS, "{\"name\":\"most\",\"expiresInDays\":90}"));

        assertThat(lifetime(byDefault)).isEqualTo(Duration.ofDays(30));
        assertThat(never.get("expiresAt").isNull()).isTrue();
        assertThat(lifetime(week)).isEqualTo(Duration.ofDays(7));
        assertThat(lifetime(most)).isEqualTo(Duration.ofDays(90));
        assertThat(alice.tokens()).extracting(token -> token.get("expiresAt"))
                .containsExactly(most.get("expiresAt"), week.get("expiresAt"), never.get("expiresAt"), byDefault.get("expiresAt"));
    }

    @Test
    void expiryBeyondThePolicyOrNotWholeDaysIsInvalid() {
        Caller alice = app.newUser();
        for (String days : List.of("91", "365", "0", "-7", "7.5", "\"7\"", "[7]", "1e400")) {
            String message = assertRefused(alice.post(TOKENS, "{\"name\":\"ci\",\"expiresInDays\":" + days + "}"), 400,
                    "invalid_expiry");
            assertThat(message).as("for %s", days).contains("from 1 to 90", "or null for a token that does not expire");
        }
        assertThat(alice.tokens()).isEmpty();
    }

    @Test
    void whereTokensMustExpireNoExpiryIsRefusedAndTheMessageSaysSo() {
        Caller alice = mustExpire.newUser();

        String never = assertRefused(alice.post(TOKENS, "{\"name\":\"never\",\"expiresInDays\":null}"), 400, "invalid_expiry");
        String unsaid = assertRefused(alice.post(TOKENS, "{\"name\":\"unsaid\"}"), 400, "invalid_expiry");
        String tooLong = assertRefused(alice.post(TOKENS, "{\"name\":\"long\",\"expiresInDays\":61}"), 400, "invalid_expiry");

        assertThat(never).isEqualTo(unsaid).contains("must expire", "60 days");
        assertThat(tooLong).contains("from 1 to 60", "must expire");
        assertThat(lifetime(Caller.json(alice.post(TOKENS, "{\"name\":\"ok\",\"expiresInDays\":60}")))).isEqualTo(Duration.ofDays(60));
        assertThat(alice.tokens()).hasSize(1);
    }

    @Test
    void listShowsWhereATokenWasLastUsedFrom() {
        Caller alice = app.newUser();
        JsonNode created = alice.createToken("curl script");
        Caller script = alice.bearer(created.get("token").asText());

        HttpResponse<String> use = script.send(HttpRequest.newBuilder(app.uri(TOKENS)).header("User-Agent", "curl/8.5.0").GET());
        assertStatus(use, 200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode listed = alice.tokens().get(0);
            assertThat(listed.get("lastUsedAt").isNull()).isFalse();
            assertThat(listed.get("lastUsedAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(listed.get("lastUsedAgent").asText()).isEqualTo("curl/8.5.0");
        });
    }

    private static Duration lifetime(JsonNode created) {
        return Duration.between(Instant.parse(created.get("createdAt").asText()), Instant.parse(created.get("expiresAt").asText()));
    }
}
