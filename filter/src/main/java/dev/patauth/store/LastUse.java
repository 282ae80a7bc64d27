package dev.patauth.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One token's last use in an interval, as the last-used write stores it.
 *
 * @param address the client address as the container reported it, cut to fit its column
 * @param agent   the {@code User-Agent}, cut to fit its column; empty when the client sent none
 */
public record LastUse(Instant at, String address, Optional<String> agent) {

    public LastUse {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(agent, "agent");
    }
}
