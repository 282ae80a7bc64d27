package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.AuthorizationHeaderModel.Expected;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Many thousands of hostile Authorization values, read exactly as the RFC 6750 table says. */
class AuthorizationHeaderPropertiesTest {

    @Test
    void everyValueIsClassifiedAsTheTableSays() {
        Seeded.check(20_000, AuthorizationHeaderModel::hostileValue, value -> {
            BearerCredentials.Kind kind = BearerCredentials.parse(value).kind();

            Expected expected = AuthorizationHeaderModel.expected(List.of(value));
            switch (expected) {
                case PASS -> assertThat(kind).isEqualTo(BearerCredentials.Kind.OTHER);
                case BAD_REQUEST -> assertThat(kind).isEqualTo(BearerCredentials.Kind.MALFORMED);
                case INVALID_TOKEN -> assertThat(kind).isEqualTo(BearerCredentials.Kind.PAT);
                default -> throw new AssertionError("one header is never " + expected);
            }
        });
    }

    @Test
    void aTokenWithOneCharacterChangedIsNeverWellFormed() {
        Seeded.check(20_000, OneCharacterChanged::draw, change -> {
            String changed = change.changed();

            assertThat(TokenFormat.isWellFormed(changed)).isEqualTo(changed.equals(change.token()));
        });
    }

    /** A token, a position after "pat_" (favouring the random part's start) and any base62 character to put there. */
    private record OneCharacterChanged(String token, int position, char replacement) {

        static OneCharacterChanged draw(Random random) {
            int position = AuthorizationHeaderModel.towardMin(random, 4, 49);
            char replacement = AuthorizationHeaderModel.BASE62.charAt(random.nextInt(62));
            return new OneCharacterChanged(AuthorizationHeaderModel.token(random), position, replacement);
        }

        String changed() {
            return token.substring(0, position) + replacement + token.substring(position + 1);
        }
    }
}
