package dev.patauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patauth.servlet.BearerErrors.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The filter writes its few JSON bodies itself, without a JSON library: each must parse, hold
 * the RFC 6750 error code when there is one and a sentence, and nothing else. The headers of
 * each answer, over HTTP in Jetty and Tomcat, are {@code FilterOverHttpContract}'s.
 */
class BearerErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBodyIsJsonWithItsCodeAndSentence() throws Exception {
        for (Refusal refusal : Refusal.values()) {
            JsonNode body = JSON.readTree(new String(refusal.body, StandardCharsets.UTF_8));

            assertThat(body.isObject()).as(refusal.name()).isTrue();
            assertThat(body.path("error_description").asText()).as(refusal.name()).isEqualTo(refusal.description);
            if (refusal.error == null) {
                assertThat(body.size()).as(refusal.name()).isEqualTo(1);
            } else {
                assertThat(body.path("error").asText()).as(refusal.name()).isEqualTo(refusal.error);
                assertThat(body.size()).as(refusal.name()).isEqualTo(2);
            }
            assertThat(refusal.description).as("%s fits in a quoted challenge parameter", refusal.name())
                    .doesNotContain("\"", "\\").matches("[\\x20-\\x7e]+");
        }
    }

    /** A client that waits exactly the Retry-After it was given must not be throttled again. */
    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(BearerErrors.retryAfterSeconds(Duration.ofSeconds(5))).isEqualTo(5);
        assertThat(BearerErrors.retryAfterSeconds(Duration.ofMillis(59_001))).isEqualTo(60);
        assertThat(BearerErrors.retryAfterSeconds(Duration.ofSeconds(59, 1))).isEqualTo(60);
        assertThat(BearerErrors.retryAfterSeconds(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(BearerErrors.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }
}
