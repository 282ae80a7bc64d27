package dev.patauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which active tokens an administrator lists ({@link PatAuth#listTokens(TokenQuery)}), one page
 * at a time. Immutable: each method returns a new query. The order follows the narrowest filter,
 * so that each is answered from an index: tokens that expire soonest first
 * ({@link #expiringWithin}), else those unused longest first ({@link #unusedFor}), else the newest
 * first.
 *
 * <pre>{@code
 * TokenPage page = patAuth.listTokens(TokenQuery.all().unusedFor(Duration.ofDays(90)).limit(50));
 * page = patAuth.listTokens(TokenQuery.all().unusedFor(Duration.ofDays(90)).limit(50).after(page.next().get()));
 * }</pre>
 */
public final class TokenQuery {

    /** The most tokens one page may hold. */
    public static final int MAX_LIMIT = 100;

    private final Optional<String> user;
    private final Optional<Duration> unusedFor;
    private final Optional<Duration> expiringWithin;
    private final Optional<String> scope;
    private final int limit;
    private final Optional<String> after;

    private TokenQuery(Optional<String> user, Optional<Duration> unusedFor, Optional<Duration> expiringWithin,
                       Optional<String> scope, int limit, Optional<String> after) {
        this.user = user;
        this.unusedFor = unusedFor;
        this.expiringWithin = expiringWithin;
        this.scope = scope;
        this.limit = limit;
        this.after = after;
    }

    /** Every active token, 50 per page. Throws nothing. */
    public static TokenQuery all() {
        return new TokenQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 50, Optional.empty());
    }

    /**
     * Only this user's tokens.
     *
     * @throws NullPointerException when {@code user} is null
     */
    public TokenQuery user(String user) {
        return new TokenQuery(Optional.of(Objects.requireNonNull(user, "user")), unusedFor, expiringWithin, scope, limit, after);
    }

    /**
     * Only tokens not used (never used: not created) for at least this long.
     *
     * @throws IllegalArgumentException when {@code unusedFor} is negative
     * @throws NullPointerException when {@code unusedFor} is null
     */
    public TokenQuery unusedFor(Duration unusedFor) {
        return new TokenQuery(user, Optional.of(notNegative(unusedFor, "unusedFor")), expiringWithin, scope, limit, after);
    }

    /**
     * Only tokens that expire within this time from now.
     *
     * @throws IllegalArgumentException when {@code expiringWithin} is negative
     * @throws NullPointerException when {@code expiringWithin} is null
     */
    public TokenQuery expiringWithin(Duration expiringWithin) {
        return new TokenQuery(user, unusedFor, Optional.of(notNegative(expiringWithin, "expiringWithin")), scope, limit, after);
    }

    /**
     * Only tokens that have this scope (a declared one; checked by the list).
     *
     * @throws NullPointerException when {@code scope} is null
     */
    public TokenQuery scope(String scope) {
        return new TokenQuery(user, unusedFor, expiringWithin, Optional.of(Objects.requireNonNull(scope, "scope")), limit, after);
    }

    /**
     * At most this many tokens per page, 1 to {@value #MAX_LIMIT}.
     *
     * @throws IllegalArgumentException when {@code limit} is out of that range
     */
    public TokenQuery limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("A page holds 1 to " + MAX_LIMIT + " tokens, not " + limit);
        }
        return new TokenQuery(user, unusedFor, expiringWithin, scope, limit, after);
    }

    /**
     * The page after the one whose {@link TokenPage#next()} this is; the cursor is only good with
     * the same filters. Checked by the list.
     *
     * @throws NullPointerException when {@code cursor} is null
     */
    public TokenQuery after(String cursor) {
        return new TokenQuery(user, unusedFor, expiringWithin, scope, limit, Optional.of(Objects.requireNonNull(cursor, "cursor")));
    }

    Optional<String> user() {
        return user;
    }

    Optional<Duration> unusedFor() {
        return unusedFor;
    }

    Optional<Duration> expiringWithin() {
        return expiringWithin;
    }

    Optional<String> scope() {
        return scope;
    }

    int limit() {
        return limit;
    }

    Optional<String> after() {
        return after;
    }

    private static Duration notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "TokenQuery[user=" + user.orElse("any") + ", unusedFor=" + unusedFor.map(Duration::toString).orElse("-")
                + ", expiringWithin=" + expiringWithin.map(Duration::toString).orElse("-") + ", scope=" + scope.orElse("-")
                + ", limit=" + limit + ", after=" + after.isPresent() + "]";
    }
}
