package dev.patauth.admin;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** What every answer of the token API promises, checked in one place. */
final class ApiAssertions {

    private ApiAssertions() {
    }

    /** A refusal: the status, the code, a sentence, never cached. Returns the sentence. */
    static String assertRefused(HttpResponse<String> response, int status, String code) {
        assertStatus(response, status);
        assertNotStored(response);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = Caller.json(response);
        assertThat(body.get("error").asText()).isEqualTo(code);
        String message = body.get("message").asText();
        assertThat(message).as("a sentence a person can act on").endsWith(".").hasSizeGreaterThan(20);
        assertThat(body.size()).as("only error and message").isEqualTo(2);
        return message;
    }

    static void assertNotStored(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Cache-Control")).as("Cache-Control").hasValue("no-store");
    }
}
