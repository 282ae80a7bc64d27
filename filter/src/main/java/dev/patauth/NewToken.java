package dev.patauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to create: a name, and optionally scopes and a lifetime; what is not said follows the
 * app's policy ({@code patauth.scopes.default}, {@code patauth.expiry.default}). Immutable: each
 * method returns a new request.
 *
 * <pre>{@code
 * patAuth.create("alice", NewToken.named("CI pipeline").scopes(Set.of("read")).validFor(Duration.ofDays(30)));
 * }</pre>
 */
public final class NewToken {

    private final String name;
    private final Optional<Set<String>> scopes;
    /** Unset: the policy's default; a present empty: no expiry; otherwise the lifetime. */
    private final Optional<Optional<Duration>> validity;

    private NewToken(String name, Optional<Set<String>> scopes, Optional<Optional<Duration>> validity) {
        this.name = name;
        this.scopes = scopes;
        this.validity = validity;
    }

    /**
     * A token with this name, the default scopes and the default expiry. The name is checked
     * when the token is created (a null name too, as an empty one). Throws nothing.
     */
    public static NewToken named(String name) {
        return new NewToken(name, Optional.empty(), Optional.empty());
    }

    /**
     * With these scopes instead of the default ones: a non-empty set of declared scopes,
     * checked when the token is created.
     *
     * @throws NullPointerException when {@code scopes} or one of them is null
     */
    public NewToken scopes(Set<String> scopes) {
        return new NewToken(name, Optional.of(Set.copyOf(scopes)), validity);
    }

    /**
     * Stops working after {@code validFor}, which must be positive and at most
     * {@code patauth.expiry.max}; checked when the token is created.
     *
     * @throws NullPointerException when {@code validFor} is null
     */
    public NewToken validFor(Duration validFor) {
        return new NewToken(name, scopes, Optional.of(Optional.of(Objects.requireNonNull(validFor, "validFor"))));
    }

    /** Never expires; refused by the create when {@code patauth.expiry.required} is true. Throws nothing. */
    public NewToken noExpiry() {
        return new NewToken(name, scopes, Optional.of(Optional.empty()));
    }

    /** The name as given. */
    public String name() {
        return name;
    }

    /** The scopes asked for; empty for the default ones. */
    public Optional<Set<String>> scopes() {
        return scopes;
    }

    /** The lifetime asked for: empty for the default, a present empty for no expiry. */
    Optional<Optional<Duration>> validity() {
        return validity;
    }

    @Override
    public String toString() {
        return "NewToken[name=" + name + ", scopes=" + scopes.map(Object::toString).orElse("default") + ", validity="
                + validity.map(v -> v.map(Duration::toString).orElse("none")).orElse("default") + "]";
    }
}
