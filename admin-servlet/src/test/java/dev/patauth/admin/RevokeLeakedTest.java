package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anyone who finds a token in a public place can kill it, and learns nothing else. */
class RevokeLeakedTest {

    private static final String REVOKE_LEAKED = "/tokens/api/revoke-leaked";
    private static final String FAKE = "pat_0000000000000000000000000000000000000000" + "2kaqcA"; // well-formed, not issued
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminApp app;

    @BeforeEach
    void start() {
        app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void aStrangerRevokesAFoundTokenAndLearnsNothingElse() {
        Caller alice = app.newUser();
        JsonNode leaked = alice.createToken("pasted in a public gist");
        JsonNode kept = alice.createToken("still private");
        Caller stranger = app.anonymous().withoutRequestedWith();

        HttpResponse<String> real = stranger.post(REVOKE_LEAKED, "{\"tokens\":[\"" + leaked.get("token").asText() + "\"]}");
        HttpResponse<String> unreal = stranger.post(REVOKE_LEAKED, "{\"tokens\":[\"" + FAKE + "\",\"not a token\"]}");

        assertStatus(real, 202);
        assertStatus(unreal, 202);
        assertThat(real.body()).isEqualTo(unreal.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.tokens().size() == 1);
        assertThat(alice.tokens()).extracting(token -> token.get("id")).containsExactly(kept.get("id"));
        assertStatus(alice.bearer(leaked.get("token").asText()).get(Caller.TOKENS), 401);
    }

    @Test
    void badReportsGetPreciseRefusals() {
        Caller stranger = app.anonymous();
        List<String> hundredAndOne = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            hundredAndOne.add("\"" + FAKE + "\"");
        }

        assertRefused(stranger.post(REVOKE_LEAKED, "{\"tokens\":[" + String.join(",", hundredAndOne) + "]}"), 400,
                "too_many_tokens");
        assertRefused(stranger.post(REVOKE_LEAKED, "{\"tokens\":\"pat_x\"}"), 400, "invalid_json");
        assertRefused(stranger.post(REVOKE_LEAKED, "{\"tokens\":[1,2]}"), 400, "invalid_json");
        assertRefused(stranger.post(REVOKE_LEAKED, "{not json"), 400, "invalid_json");
        assertRefused(stranger.post(REVOKE_LEAKED, "tokens=pat_x", "application/x-www-form-urlencoded"), 415,
                "unsupported_media_type");
        assertRefused(stranger.get(REVOKE_LEAKED), 405, "method_not_allowed");
    }

    @Test
    void anAddressMayReportAHundredTokensAMinute() {
        Caller stranger = app.anonymous();
        assertStatus(stranger.post(REVOKE_LEAKED, report(guesses(99))), 202);
        assertThat(stranger.post(REVOKE_LEAKED, report(guesses(100))).statusCode()).as("taken whole while any budget is left")
                .isEqualTo(202);

        HttpResponse<String> throttled = stranger.post(REVOKE_LEAKED, report(List.of(FAKE)));

        assertRefused(throttled, 429, "too_many_requests");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    /**
     * The review: after 29 unreal tokens from one address, {@code [real, unreal]} got 202 and
     * {@code [unreal, unreal]} got 429. Each scenario runs in an app of its own, so that both
     * reporters come from the same address with the same history.
     */
    @Test
    void reportsOfRealAndUnrealTokensGetTheSameAnswers() throws Exception {
        assertThat(answersAfter29Guesses(true)).isEqualTo(answersAfter29Guesses(false)).containsExactly(202, 202);
    }

    private List<Integer> answersAfter29Guesses(boolean withARealToken) throws Exception {
        try (AdminApp own = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(), Map.of())) {
            String first = withARealToken ? own.newUser().createToken("leaked").get("token").asText() : guesses(1).get(0);
            Caller stranger = own.anonymous();
            assertStatus(stranger.post(REVOKE_LEAKED, report(guesses(29))), 202);
            return List.of(stranger.post(REVOKE_LEAKED, report(List.of(first, guesses(1).get(0)))).statusCode(),
                    stranger.post(REVOKE_LEAKED, report(guesses(1))).statusCode());
        }
    }

    /** The review: one report of 31 unreal tokens got its sender's own valid tokens 429 for a minute. */
    @Test
    void reportsNeverGetTheReportersOwnTokensRefused() {
        Caller alice = app.newUser();
        Caller withToken = alice.bearer(alice.createToken("office script").get("token").asText());
        Caller stranger = app.anonymous();

        int first = stranger.post(REVOKE_LEAKED, report(guesses(100))).statusCode();
        int second = stranger.post(REVOKE_LEAKED, report(guesses(100))).statusCode();

        assertThat(withToken.get(Caller.TOKENS).statusCode()).as("a valid token from the same address").isEqualTo(200);
        assertThat(app.anonymous().bearer(FAKE).get(Caller.TOKENS).statusCode()).as("an unreal token from the same address")
                .isEqualTo(401);
        assertThat(List.of(first, second)).as("the reports spent their own budget").containsExactly(202, 429);
    }

    private static String report(List<String> tokens) {
        return Caller.JSON.createObjectNode().set("tokens", Caller.JSON.valueToTree(tokens)).toString();
    }

    /** Tokens nobody issued; most do not even have the right checksum, which makes no difference to a report. */
    private static List<String> guesses(int count) {
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            guesses.add("pat_" + String.format("%040d", RANDOM.nextLong(Long.MAX_VALUE)) + "2kaqcA");
        }
        return guesses;
    }
}
