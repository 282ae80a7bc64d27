package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@link PatAuth#isWellFormed}, the shape check that secret scanners and CLIs call without an engine. */
class WellFormedTest {

    @Test
    void aCreatedTokenIsWellFormedAndOneChangedCharacterIsNot() {
        String token;
        try (PatAuth engine = PatAuth.builder().jdbcUrl(TestDatabases.newH2(), null, null).build()) {
            token = engine.create("alice", "scanner test").token();
        }
        char last = token.charAt(token.length() - 1);
        String typo = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertThat(PatAuth.isWellFormed(token)).as("a token the engine created").isTrue();
        assertThat(PatAuth.isWellFormed(typo)).as("the same with its last character changed").isFalse();
        assertThat(PatAuth.isWellFormed(token.toUpperCase(Locale.ROOT))).as("upper-cased").isFalse();
        assertThat(PatAuth.isWellFormed(null)).isFalse();
        assertThat(PatAuth.isWellFormed("")).isFalse();
    }
}
