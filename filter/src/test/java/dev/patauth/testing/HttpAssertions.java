package dev.patauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** Assertions on HTTP answers that the tests of every module share. */
public final class HttpAssertions {

    private HttpAssertions() {
    }

    /** Asserts the status, with the request and the whole answer (headers and body) in the message when it differs. */
    public static <T extends HttpResponse<?>> T assertStatus(T response, int expected) {
        assertThat(response.statusCode())
                .as("%s %s answered %d %s: %s", response.request().method(), response.request().uri(),
                        response.statusCode(), response.headers().map(), response.body())
                .isEqualTo(expected);
        return response;
    }
}
