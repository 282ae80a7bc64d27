package dev.patauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patauth.servlet.BearerErrors.Refusal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The filter writes its few JSON bodies itself, without a JSON library: each must parse, hold
 * the RFC 6750 error code when there is one and a sentence, and nothing else.
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
}
