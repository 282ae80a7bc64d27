package dev.patauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long new tokens may live ({@code patauth.expiry.*}), for pages that offer the choices.
 * Only patauth makes one.
 */
public final class ExpiryPolicy {

    private final Optional<Duration> defaultValidity;
    private final Duration max;
    private final boolean required;

    ExpiryPolicy(Optional<Duration> defaultValidity, Duration max, boolean required) {
        this.defaultValidity = Objects.requireNonNull(defaultValidity, "defaultValidity");
        this.max = Objects.requireNonNull(max, "max");
        this.required = required;
    }

    /** What a token gets when its creator does not say ({@code patauth.expiry.default}); empty: no expiry. */
    public Optional<Duration> defaultValidity() {
        return defaultValidity;
    }

    /** The longest a token may live ({@code patauth.expiry.max}). */
    public Duration max() {
        return max;
    }

    /** Whether every token must expire ({@code patauth.expiry.required}). */
    public boolean required() {
        return required;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExpiryPolicy that && defaultValidity.equals(that.defaultValidity) && max.equals(that.max)
                && required == that.required;
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaultValidity, max, required);
    }

    @Override
    public String toString() {
        return "ExpiryPolicy[default=" + defaultValidity.map(Duration::toString).orElse("none") + ", max=" + max
                + ", required=" + required + "]";
    }
}
