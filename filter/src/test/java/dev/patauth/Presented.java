package dev.patauth;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For tests about who a token belongs to (revocation, expiry, roles, other nodes), not about
 * the throttle: presents a token through the one public path,
 * {@link PatAuth#authenticate(String, String)}, and answers who it authenticated.
 *
 * <p>Every call comes from an address of its own, so that no refusal counts against a later
 * one: a test that waits for a revocation polls until the first refusal, and a loop of 200
 * revocations must never meet the throttle of 30 refusals a minute per address. The throttle
 * has tests of its own ({@code ThrottleTest}, {@code EngineContract}).
 */
final class Presented {

    private static final AtomicLong ADDRESSES = new AtomicLong();

    private Presented() {
    }

    /**
     * The token's owner when the engine authenticated it, empty when it refused it (malformed,
     * unknown, revoked, expired, owner gone).
     *
     * @throws AssertionError when the answer is {@link AuthResult.Throttled} or
     *         {@link AuthResult.Unavailable}: a test that expects either asserts the
     *         {@link AuthResult} itself
     * @throws PatAuthStoreException when the database refuses patauth's query
     */
    static Optional<TokenPrincipal> principalOf(PatAuth engine, String token) {
        AuthResult result = engine.authenticate(token, freshAddress());
        if (result instanceof AuthResult.Authenticated ok) {
            return Optional.of(ok.principal());
        }
        if (result instanceof AuthResult.Refused) {
            return Optional.empty();
        }
        throw new AssertionError("expected the token to be authenticated or refused, but the engine answered " + result);
    }

    /** An address of IPv6's documentation prefix (RFC 3849) that no earlier call used. */
    private static String freshAddress() {
        long n = ADDRESSES.incrementAndGet();
        return String.format("2001:db8::%x:%x", (n >>> 16) & 0xffff, n & 0xffff);
    }
}
