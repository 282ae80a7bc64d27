package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Twenty thousand tokens with one character changed: the checksum catches every one. */
class TokenFormatPropertiesTest {

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
