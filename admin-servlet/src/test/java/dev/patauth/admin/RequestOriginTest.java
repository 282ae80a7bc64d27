package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.admin.Caller.TOKENS;
import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may change tokens from where: a browser session or BASIC credentials only with the
 * X-Requested-With header another site cannot send, and an access token never to mint more
 * tokens unless the app allows it.
 */
class RequestOriginTest {

    private static final String OPEN_TOKENS = "/open-tokens/api/tokens";

    private static AdminApp basicApp;
    private static AdminApp formApp;

    @BeforeAll
    static void start() {
        basicApp = AdminApp.start();
        formApp = AdminApp.start(AdminApp.Login.FORM, AdminApp.freshDatabase(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        basicApp.close();
        formApp.close();
    }

    @Test
    void sessionChangeWithoutRequestedWithIsForbidden() {
        Caller alice = formApp.newSessionUser();
        JsonNode token = alice.createToken("made by the page");
        Caller otherSite = alice.withoutRequestedWith();

        assertRefused(otherSite.post(TOKENS, "{\"name\":\"made by another site\"}"), 403, "forbidden");
        assertRefused(otherSite.delete(TOKENS + "/" + token.get("id").asText()), 403, "forbidden");

        assertThat(otherSite.get(TOKENS).statusCode()).as("reading needs no proof").isEqualTo(200);
        assertThat(alice.tokens()).extracting(listed -> listed.get("id")).containsExactly(token.get("id"));
    }

    @Test
    void basicChangeWithoutRequestedWithIsForbidden() {
        Caller alice = basicApp.newUser();
        JsonNode token = alice.createToken("made by a script");
        Caller otherSite = alice.withoutRequestedWith();

        String message = assertRefused(otherSite.post(TOKENS, "{\"name\":\"made by another site\"}"), 403, "forbidden");
        assertRefused(otherSite.delete(TOKENS + "/" + token.get("id").asText()), 403, "forbidden");

        assertThat(message).contains("X-Requested-With");
        assertThat(alice.tokens()).hasSize(1);
    }

    @Test
    void tokenCannotCreateTokensByDefault() {
        Caller alice = basicApp.newUser();
        Caller withToken = alice.bearer(alice.createToken("leaked").get("token").asText());

        String message = assertRefused(withToken.post(TOKENS, "{\"name\":\"minted by a token\"}"), 403, "forbidden");

        assertThat(message).contains("Sign in");
        assertThat(alice.tokens()).extracting(listed -> listed.get("name").asText()).containsExactly("leaked");
    }

    @Test
    void tokenMayListAndRevokeItsOwnersTokensWithoutRequestedWith() {
        Caller alice = basicApp.newUser();
        JsonNode other = alice.createToken("old laptop");
        JsonNode current = alice.createToken("script");
        Caller withToken = alice.bearer(current.get("token").asText());

        assertThat(Caller.json(withToken.get(TOKENS)).get("tokens")).hasSize(2);
        assertStatus(withToken.delete(TOKENS + "/" + other.get("id").asText()), 204);
        assertStatus(withToken.delete(TOKENS + "/" + current.get("id").asText()), 204);

        assertThat(alice.tokens()).isEmpty();
        assertThat(withToken.get(TOKENS).statusCode()).as("it revoked itself").isEqualTo(401);
    }

    @Test
    void tokenMayCreateTokensWhereTheAppAllowsIt() {
        Caller alice = basicApp.newUser();
        Caller withToken = alice.bearer(alice.createToken("provisioner").get("token").asText());

        assertStatus(withToken.post(OPEN_TOKENS, "{\"name\":\"minted by a token\"}"), 201);

        assertThat(alice.tokens()).extracting(listed -> listed.get("name").asText())
                .containsExactly("minted by a token", "provisioner");
    }

    @Test
    void signedInCallerStillNeedsRequestedWithWhereTokensMayCreate() {
        Caller alice = basicApp.newUser();
        assertRefused(alice.withoutRequestedWith().post(OPEN_TOKENS, "{\"name\":\"a\"}"), 403, "forbidden");
        assertStatus(alice.post(OPEN_TOKENS, "{\"name\":\"a\"}"), 201);
    }
}
