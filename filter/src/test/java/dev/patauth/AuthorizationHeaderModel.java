package dev.patauth;

import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * An independent statement of DESIGN.md's RFC 6750 table for one request's Authorization
 * headers, and generators of hostile header values to hold the filter to it.
 */
final class AuthorizationHeaderModel {

    enum Expected { CHALLENGE, PASS, BAD_REQUEST, INVALID_TOKEN }

    private static final Pattern BEARER_THEN_SPACES = Pattern.compile("(?i)bearer +(.*)", Pattern.DOTALL);
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern TCHAR = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-.^_`|~]");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthorizationHeaderModel() {
    }

    /** What the table says for these header values (as the container hands them over). */
    static Expected expected(List<String> headers) {
        if (headers.isEmpty()) {
            return Expected.CHALLENGE;
        }
        if (headers.size() > 1) {
            return Expected.BAD_REQUEST;
        }
        String value = headers.get(0);
        if (value.length() < 6 || !value.substring(0, 6).equalsIgnoreCase("bearer")) {
            return Expected.PASS;
        }
        if (value.length() == 6) {
            return Expected.BAD_REQUEST;
        }
        var bearer = BEARER_THEN_SPACES.matcher(value);
        if (!bearer.matches()) {
            return TCHAR.matcher(value.substring(6, 7)).matches() ? Expected.PASS : Expected.BAD_REQUEST;
        }
        String credentials = bearer.group(1);
        if (!B64TOKEN.matcher(credentials).matches()) {
            return Expected.BAD_REQUEST;
        }
        return credentials.startsWith("pat_") ? Expected.INVALID_TOKEN : Expected.PASS;
    }

    /** Whether a token in these headers would have to be looked up in the database. */
    static boolean needsLookup(List<String> headers) {
        if (headers.size() != 1 || expected(headers) != Expected.INVALID_TOKEN) {
            return false;
        }
        var bearer = BEARER_THEN_SPACES.matcher(headers.get(0));
        return bearer.matches() && TokenFormat.isWellFormed(bearer.group(1));
    }

    static Arbitrary<String> hostileValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMinLength(0).ofMaxLength(80)),
                Tuple.of(2, Arbitraries.strings().withChars(" \t=,;:\"'\\pat_Bearer").ofMaxLength(40)),
                Tuple.of(6, bearerValues()));
    }

    private static Arbitrary<String> bearerValues() {
        Arbitrary<String> scheme = Arbitraries.of("Bearer", "bearer", "BEARER", "bEaReR", "Bearer,", "Bearer:", "Bearerx",
                "Basic", "Token", "Bearer\t", "Bear er");
        Arbitrary<String> spaces = Arbitraries.strings().withChars(' ').ofMinLength(0).ofMaxLength(6);
        Arbitrary<String> credentials = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.create(() -> TokenFormat.generate(RANDOM))),
                Tuple.of(4, flippedTokens()),
                Tuple.of(3, Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'Z')
                        .withCharRange('a', 'z').ofMinLength(0).ofMaxLength(60).map(tail -> "pat_" + tail)),
                Tuple.of(2, Arbitraries.strings().withChars("ABCxyz019-._~+/=").ofMinLength(1).ofMaxLength(60)),
                Tuple.of(2, Arbitraries.strings().ofMinLength(0).ofMaxLength(60).map(s -> "pat_" + s)),
                Tuple.of(1, Arbitraries.integers().between(1000, 12_000).map(n -> "pat_" + "A".repeat(n))));
        return Combinators.combine(scheme, spaces, credentials).as((s, sp, c) -> s + sp + c);
    }

    /** Real-looking tokens with exactly one character changed: the typo the checksum exists for. */
    private static Arbitrary<String> flippedTokens() {
        return Combinators.combine(Arbitraries.integers().between(0, 49), Arbitraries.chars().range('!', '~'))
                .as((position, replacement) -> {
                    String token = TokenFormat.generate(RANDOM);
                    char changed = replacement == token.charAt(position) ? (char) (replacement == 'a' ? 'b' : 'a') : replacement;
                    return token.substring(0, position) + changed + token.substring(position + 1);
                });
    }
}
