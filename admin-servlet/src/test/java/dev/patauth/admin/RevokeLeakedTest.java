package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
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

    private AdminApp app;

    @BeforeEach
    void start() {
        app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(), Map.of("patauth.throttle.failures-per-minute", "30"));
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

        assertThat(real.statusCode()).isEqualTo(202);
        assertThat(unreal.statusCode()).isEqualTo(202);
        assertThat(real.body()).isEqualTo(unreal.body());
        assertThat(alice.tokens()).extracting(token -> token.get("id")).containsExactly(kept.get("id"));
        assertThat(alice.bearer(leaked.get("token").asText()).get(Caller.TOKENS).statusCode()).isEqualTo(401);
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
    void reportingManyUnrealTokensIsThrottled() {
        Caller stranger = app.anonymous();
        List<String> thirty = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            thirty.add("\"pat_guess" + i + "\"");
        }
        assertThat(stranger.post(REVOKE_LEAKED, "{\"tokens\":[" + String.join(",", thirty) + "]}").statusCode()).isEqualTo(202);

        HttpResponse<String> throttled = stranger.post(REVOKE_LEAKED, "{\"tokens\":[\"" + FAKE + "\"]}");

        assertRefused(throttled, 429, "too_many_requests");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }
}
