package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patauth.store.TokenHash;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TokenFormatTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void checksumIsCrc32InBase62KnownAnswers() {
        // CRC32 (IEEE) values computed independently with zlib.crc32
        assertThat(TokenFormat.checksumOf("0000000000000000000000000000000000000000")).isEqualTo("2kaqcA"); // 0x963FBB8E
        assertThat(TokenFormat.checksumOf("abcdefghijABCDEFGHIJ0123456789klmnopqrst")).isEqualTo("2ywciD"); // 0xA2E37CFD
        assertThat(TokenFormat.checksumOf("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")).isEqualTo("2x81PZ"); // 0xA14A0065
    }

    @Test
    void base62UsesDigitsThenUpperThenLowerCaseLeftPadded() {
        assertThat(TokenFormat.base62(0)).isEqualTo("000000");
        assertThat(TokenFormat.base62(61)).isEqualTo("00000z");
        assertThat(TokenFormat.base62(0xCBF43926L)).isEqualTo("3jZRME"); // CRC32 check value of "123456789"
        assertThat(TokenFormat.base62(0xFFFFFFFFL)).isEqualTo("4gfFC3");
    }

    @Test
    void knownTokenIsWellFormed() {
        assertThat(TokenFormat.isWellFormed("pat_0000000000000000000000000000000000000000" + "2kaqcA")).isTrue();
        assertThat(TokenFormat.isWellFormed("pat_abcdefghijABCDEFGHIJ0123456789klmnopqrst2ywciD")).isTrue();
    }

    @Test
    void generatedTokensHaveThePublishedShapeAndAreUnique() {
        String a = TokenFormat.generate(random);
        String b = TokenFormat.generate(random);

        assertThat(a).matches("^pat_[0-9A-Za-z]{46}$").hasSize(50).isNotEqualTo(b);
        assertThat(TokenFormat.isWellFormed(a)).isTrue();
        assertThat(a.substring(44)).isEqualTo(TokenFormat.checksumOf(a.substring(4, 44)));
    }

    @Test
    void everyOneCharacterChangeIsRejected() {
        String token = TokenFormat.generate(random);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int position = 4; position < token.length(); position++) {
            for (char replacement : alphabet.toCharArray()) {
                if (replacement != token.charAt(position)) {
                    String changed = token.substring(0, position) + replacement + token.substring(position + 1);
                    assertThat(TokenFormat.isWellFormed(changed)).as("changed at %d", position).isFalse();
                }
            }
        }
    }

    @Test
    void wrongPrefixLengthOrCharactersAreRejected() {
        String token = TokenFormat.generate(random);

        assertThat(TokenFormat.isWellFormed("PAT_" + token.substring(4))).isFalse();
        assertThat(TokenFormat.isWellFormed(token + "0")).isFalse();
        assertThat(TokenFormat.isWellFormed(token.substring(0, 49))).isFalse();
        assertThat(TokenFormat.isWellFormed(token.substring(0, 20) + "-" + token.substring(21))).isFalse();
        assertThat(TokenFormat.isWellFormed(token.substring(0, 20) + "é" + token.substring(21))).isFalse();
        assertThat(TokenFormat.isWellFormed("")).isFalse();
    }

    @Test
    void aCharacterBeyondAsciiIsRejectedEvenWhereItsLowBitsSpellTheRightOne() {
        String token = TokenFormat.generate(random);
        for (int position = 4; position < token.length(); position++) {
            for (int high : new int[] {0x80, 0x100, 0x4100, 0xff00}) {
                // the same low byte: a check that looked at (byte) c alone would accept it, checksum and all
                char beyond = (char) (token.charAt(position) | high);
                String changed = token.substring(0, position) + beyond + token.substring(position + 1);
                assertThat(TokenFormat.isWellFormed(changed)).as("U+%04X at %d", (int) beyond, position).isFalse();
                assertThat(TokenFormat.hashIfWellFormed(changed)).isNull();
            }
        }
    }

    @Test
    void checksumNeedsExactlyFortyCharacters() {
        assertThatThrownBy(() -> TokenFormat.checksumOf("abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashNeverShowsItsBytes() {
        TokenHash hash = TokenHash.of(TokenFormat.generate(random));

        assertThat(hash.toString()).isEqualTo("TokenHash[redacted]");
        assertThat(hash).isEqualTo(TokenHash.fromBytes(hash.bytes())).hasSameHashCodeAs(TokenHash.fromBytes(hash.bytes()));
    }
}
