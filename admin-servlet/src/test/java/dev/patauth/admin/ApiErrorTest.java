package dev.patauth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The API's Retry-After, as the filter's: whole seconds rounded up, at least one. Over HTTP,
 * {@code RevokeLeakedTest} and {@code DatabaseOutageTest} see the header itself; the throttle's
 * wait there depends on when its minute began, so the rounding is pinned here.
 */
class ApiErrorTest {

    /** Before, 59.9 s left of the minute was sent as 59: a client that waited that long was refused again. */
    @Test
    void aClientThatWaitsTheRetryAfterItWasGivenHasWaitedLongEnough() {
        assertThat(ApiError.THROTTLED.retryAfter(Duration.ofSeconds(59, 900_000_000)).retryAfterHeader()).hasValue("60");
        assertThat(ApiError.THROTTLED.retryAfter(Duration.ofNanos(1)).retryAfterHeader()).hasValue("1");
        assertThat(ApiError.UNAVAILABLE.retryAfter(Duration.ofSeconds(5)).retryAfterHeader()).hasValue("5");
    }
}
