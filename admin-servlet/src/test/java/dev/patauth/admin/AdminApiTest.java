package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertNotStored;
import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.admin.Caller.TOKENS;
import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The administrators' API over HTTP: who may use it, the list of every user's tokens with its
 * filters and pages, revoking any token, and revoking all of a user's, which the patauth filter
 * in front of the servlet refuses from then on.
 */
class AdminApiTest {

    private static final String ADMIN_TOKENS = "/tokens/api/admin/tokens";

    private static String database;
    private static AdminApp app;
    /** The same servlet without {@code patauth.admin.role}: nobody administers. */
    private static AdminApp withoutRole;

    @BeforeAll
    static void start() {
        database = AdminApp.freshDatabase();
        app = AdminApp.start(AdminApp.Login.BASIC, database, Map.of(TokenAdminServlet.ADMIN_ROLE, AdminApp.ADMIN_ROLE,
                "patauth.scopes", "read,write"));
        withoutRole = AdminApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        withoutRole.close();
    }

    @Test
    void onlyAdministratorsMayUseIt() {
        Caller admin = app.newAdmin();
        Caller alice = app.newUser();
        Caller bob = app.newUser();
        JsonNode bobs = bob.createToken("laptop");
        String revokeAllOfBob = "/tokens/api/admin/users/" + bob.user() + "/revoke-all";

        assertThat(Caller.json(admin.get(TOKENS)).get("admin").asBoolean()).as("the page offers the tab").isTrue();
        assertThat(Caller.json(alice.get(TOKENS)).get("admin").asBoolean()).isFalse();
        for (HttpResponse<String> refused : List.of(alice.get(ADMIN_TOKENS), alice.get(ADMIN_TOKENS + "?user=" + bob.user()),
                alice.delete(ADMIN_TOKENS + "/" + bobs.get("id").asText()), alice.post(revokeAllOfBob, ""),
                alice.get("/tokens/api/admin/no-such-thing"))) {
            String message = assertRefused(refused, 403, "forbidden");
            assertThat(message).contains("Only administrators");
            assertThat(refused.body()).doesNotContain(bobs.get("id").asText());
        }

        Caller holder = bob.bearer(bobs.get("token").asText());
        assertStatus(holder.get(TOKENS), 200);
        assertThat(bob.tokens()).hasSize(1);
    }

    @Test
    void nobodyAdministersWhileTheRoleIsNotSet() {
        Caller admin = withoutRole.newAdmin();
        Caller bob = withoutRole.newUser();
        JsonNode bobs = bob.createToken("laptop");

        assertThat(Caller.json(admin.get(TOKENS)).get("admin").asBoolean()).isFalse();
        for (HttpResponse<String> refused : List.of(admin.get(ADMIN_TOKENS),
                admin.delete(ADMIN_TOKENS + "/" + bobs.get("id").asText()),
                admin.post("/tokens/api/admin/users/" + bob.user() + "/revoke-all", ""))) {
            assertThat(assertRefused(refused, 403, "forbidden")).contains("patauth.admin.role");
        }
        assertStatus(bob.bearer(bobs.get("token").asText()).get(TOKENS), 200);
    }

    /** An administrator's leaked token must not revoke everyone's tokens. */
    @Test
    void anAccessTokenCannotAdministerEvenAnAdministrators() {
        Caller admin = app.newAdmin();
        Caller alice = app.newUser();
        JsonNode alices = alice.createToken("laptop");
        Caller adminsToken = admin.bearer(admin.createToken("admin script").get("token").asText());

        assertThat(Caller.json(adminsToken.get(TOKENS)).get("admin").asBoolean()).isFalse();
        assertThat(assertRefused(adminsToken.get(ADMIN_TOKENS), 403, "forbidden")).contains("access token");
        assertRefused(adminsToken.delete(ADMIN_TOKENS + "/" + alices.get("id").asText()), 403, "forbidden");
        assertRefused(adminsToken.post("/tokens/api/admin/users/" + alice.user() + "/revoke-all", ""), 403, "forbidden");

        assertStatus(alice.bearer(alices.get("token").asText()).get(TOKENS), 200);
    }

    @Test
    void listsEveryUsersTokensPageByPageWithoutTheTokens() {
        Caller admin = app.newAdmin();
        Caller alice = app.newUser();
        List<JsonNode> created = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            created.add(alice.createToken(name));
        }

        HttpResponse<String> first = admin.get(ADMIN_TOKENS + "?user=" + alice.user() + "&limit=2");

        assertStatus(first, 200);
        assertNotStored(first);
        JsonNode page = Caller.json(first);
        assertThat(fieldNames(page)).containsExactly("tokens", "next");
        assertThat(names(page)).as("newest first").containsExactly("third", "second");
        JsonNode listed = page.get("tokens").get(0);
        assertThat(fieldNames(listed)).containsExactly("id", "user", "name", "scopes", "createdAt", "lastUsedAt",
                "lastUsedAddress", "expiresAt");
        assertThat(listed.get("user").asText()).isEqualTo(alice.user());
        assertThat(listed.get("id")).isEqualTo(created.get(2).get("id"));
        assertThat(listed.get("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();

        JsonNode second = Caller.json(admin.get(ADMIN_TOKENS + "?user=" + alice.user() + "&limit=2&next="
                + URLEncoder.encode(page.get("next").asText(), StandardCharsets.UTF_8)));

        assertThat(names(second)).containsExactly("first");
        assertThat(second.get("next").isNull()).as("the last page").isTrue();
        for (JsonNode token : created) {
            assertThat(first.body() + second).doesNotContain(token.get("token").asText());
        }
        assertThat(names(Caller.json(admin.get(ADMIN_TOKENS + "?limit=100")))).as("every user's, without a filter")
                .contains("first", "second", "third");
    }

    @Test
    void filtersByScopeExpiryAndDisuse() throws SQLException {
        Caller admin = app.newAdmin();
        Caller alice = app.newUser();
        alice.post(TOKENS, "{\"name\":\"reader\",\"scopes\":[\"read\"],\"expiresInDays\":3}");
        alice.post(TOKENS, "{\"name\":\"writer\",\"scopes\":[\"write\"],\"expiresInDays\":30}");
        JsonNode old = alice.createToken("forgotten");
        ageToken(old.get("id").asText(), Duration.ofDays(100));
        String hers = ADMIN_TOKENS + "?user=" + alice.user();

        assertThat(names(Caller.json(admin.get(hers + "&scope=write")))).as("not the reader")
                .containsExactly("writer", "forgotten");
        assertThat(names(Caller.json(admin.get(hers + "&expiresWithinDays=7")))).containsExactly("reader");
        assertThat(names(Caller.json(admin.get(hers + "&expiresWithinDays=60")))).as("soonest first")
                .containsExactly("reader", "writer");
        assertThat(names(Caller.json(admin.get(hers + "&unusedForDays=90")))).containsExactly("forgotten");
        assertThat(names(Caller.json(admin.get(hers + "&unusedForDays=0")))).as("unused longest first")
                .startsWith("forgotten").hasSize(3);
        assertThat(names(Caller.json(admin.get(hers + "&unusedForDays=&scope=")))).as("empty values are no filter")
                .hasSize(3);
    }

    @Test
    void badParametersAreRefusedWithASentence() {
        Caller admin = app.newAdmin();
        Caller alice = app.newUser();
        alice.createToken("one");
        alice.createToken("two");
        String nextOfNewest = Caller.json(admin.get(ADMIN_TOKENS + "?user=" + alice.user() + "&limit=1")).get("next").asText();

        for (String query : List.of("limit=0", "limit=101", "limit=ten", "limit=1.5", "unusedForDays=-1",
                "unusedForDays=90d", "unusedForDays=36501", "expiresWithinDays=soon", "unusedDays=90", "user=a&user=b",
                "user=" + "x".repeat(256), "user=%20", "next=not-a-cursor",
                // a cursor is good only for the order it was handed out in
                "unusedForDays=1&next=" + URLEncoder.encode(nextOfNewest, StandardCharsets.UTF_8))) {
            HttpResponse<String> refused = admin.get(ADMIN_TOKENS + "?" + query);
            assertThat(assertRefused(refused, 400, "invalid_request")).as(query).doesNotContain("Exception");
        }
        assertThat(assertRefused(admin.get(ADMIN_TOKENS + "?scope=admin"), 400, "invalid_scope"))
                .contains("read, write").doesNotContain("admin");
        assertRefused(admin.post(ADMIN_TOKENS, "{}"), 405, "method_not_allowed");
        assertRefused(admin.get("/tokens/api/admin/users"), 404, "not_found");
    }

    @Test
    void administratorRevokesAnyTokenAndTheFilterRefusesIt() {
        Caller admin = app.newAdmin();
        Caller alice = app.newUser();
        JsonNode laptop = alice.createToken("laptop");
        JsonNode phone = alice.createToken("phone");
        String laptopPath = ADMIN_TOKENS + "/" + laptop.get("id").asText();

        HttpResponse<String> revoked = admin.delete(laptopPath);

        assertStatus(revoked, 204);
        assertThat(revoked.body()).isEmpty();
        assertStatus(alice.bearer(laptop.get("token").asText()).get(TOKENS), 401);
        assertStatus(alice.bearer(phone.get("token").asText()).get(TOKENS), 200);
        assertThat(alice.tokens()).extracting(token -> token.get("name").asText()).containsExactly("phone");
        assertRefused(admin.delete(laptopPath), 404, "not_found");
        assertRefused(admin.delete(ADMIN_TOKENS + "/" + UUID.randomUUID()), 404, "not_found");
        assertRefused(admin.delete(ADMIN_TOKENS + "/not-a-token-id"), 404, "not_found");
        assertRefused(admin.get(laptopPath), 405, "method_not_allowed");
    }

    @Test
    void administratorRevokesEveryTokenOfAUserAtOnce() {
        Caller admin = app.newAdmin();
        Caller jane = app.newUser("Jane Doe " + UUID.randomUUID());
        Caller bob = app.newUser();
        List<String> janes = new ArrayList<>();
        for (String name : List.of("laptop", "phone", "ci")) {
            janes.add(jane.createToken(name).get("token").asText());
        }
        JsonNode bobs = bob.createToken("laptop");
        String revokeAll = "/tokens/api/admin/users/" + URLEncoder.encode(jane.user(), StandardCharsets.UTF_8)
                .replace("+", "%20") + "/revoke-all";

        HttpResponse<String> response = admin.post(revokeAll, "");

        assertStatus(response, 200);
        assertNotStored(response);
        assertThat(response.body()).isEqualTo("{\"revoked\":3}");
        for (String token : janes) {
            assertStatus(jane.bearer(token).get(TOKENS), 401);
        }
        assertThat(jane.tokens()).isEmpty();
        assertStatus(bob.bearer(bobs.get("token").asText()).get(TOKENS), 200);
        assertThat(Caller.json(admin.post(revokeAll, "")).get("revoked").asInt()).as("nothing left").isZero();
        assertRefused(admin.post("/tokens/api/admin/users/" + "x".repeat(256) + "/revoke-all", ""), 400, "invalid_request");
        assertRefused(admin.send(HttpRequest.newBuilder(app.uri(revokeAll)).PUT(BodyPublishers.noBody())), 405,
                "method_not_allowed");
    }

    @Test
    void fromABrowserSessionChangesNeedTheHeaderOtherSitesCannotSend() throws Exception {
        try (AdminApp formApp = AdminApp.start(AdminApp.Login.FORM, AdminApp.freshDatabase(),
                Map.of(TokenAdminServlet.ADMIN_ROLE, AdminApp.ADMIN_ROLE))) {
            Caller admin = formApp.newSessionAdmin();
            Caller alice = formApp.newSessionUser();
            JsonNode laptop = alice.createToken("laptop");
            Caller forged = admin.withoutRequestedWith();

            assertStatus(forged.get(ADMIN_TOKENS), 200);
            assertRefused(forged.delete(ADMIN_TOKENS + "/" + laptop.get("id").asText()), 403, "forbidden");
            assertRefused(forged.post("/tokens/api/admin/users/" + alice.user() + "/revoke-all", ""), 403, "forbidden");

            assertThat(alice.tokens()).as("still active").hasSize(1);
            assertStatus(admin.delete(ADMIN_TOKENS + "/" + laptop.get("id").asText()), 204);
            assertThat(alice.tokens()).isEmpty();
        }
    }

    /** As if the token had been made {@code age} ago and never used since. */
    private static void ageToken(String id, Duration age) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE patauth_token SET created_at = ?, last_used_at = NULL WHERE id = ?")) {
            update.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minus(age));
            update.setObject(2, UUID.fromString(id));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("tokens").forEach(token -> names.add(token.get("name").asText()));
        return names;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
