package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.AuthorizationHeaderModel.Expected;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Many thousands of hostile Authorization values, read exactly as the RFC 6750 table says. */
class AuthorizationHeaderPropertiesTest {

    @Property(tries = 20_000)
    void everyValueIsClassifiedAsTheTableSays(@ForAll("hostile") String value) {
        BearerCredentials.Kind kind = BearerCredentials.parse(value).kind();

        Expected expected = AuthorizationHeaderModel.expected(List.of(value));
        switch (expected) {
            case PASS -> assertThat(kind).isEqualTo(BearerCredentials.Kind.OTHER);
            case BAD_REQUEST -> assertThat(kind).isEqualTo(BearerCredentials.Kind.MALFORMED);
            case INVALID_TOKEN -> assertThat(kind).isEqualTo(BearerCredentials.Kind.PAT);
            default -> throw new AssertionError("one header is never " + expected);
        }
    }

    @Property(tries = 20_000)
    void aTokenWithOneCharacterChangedIsNeverWellFormed(@ForAll("positions") int position, @ForAll("base62") char replacement) {
        String token = TokenFormat.generate(new java.security.SecureRandom());
        String changed = token.substring(0, position) + replacement + token.substring(position + 1);

        assertThat(TokenFormat.isWellFormed(changed)).isEqualTo(changed.equals(token));
    }

    @Provide
    Arbitrary<String> hostile() {
        return AuthorizationHeaderModel.hostileValues();
    }

    @Provide
    Arbitrary<Integer> positions() {
        return net.jqwik.api.Arbitraries.integers().between(4, 49);
    }

    @Provide
    Arbitrary<Character> base62() {
        return net.jqwik.api.Arbitraries.chars().range('0', '9').range('A', 'Z').range('a', 'z');
    }
}
