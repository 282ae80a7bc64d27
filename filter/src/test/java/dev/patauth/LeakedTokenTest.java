package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anyone who finds a token in a public place can kill it, without learning anything else. */
class LeakedTokenTest {

    private PatAuth engine;

    @BeforeEach
    void start() {
        engine = PatAuth.builder().jdbcUrl(TestDatabases.newPostgres(), null, null).failuresPerMinute(30).build();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aReportedTokenStopsWorkingWhoeverOwnsIt() {
        CreatedToken leaked = engine.create("bob", "pasted in a gist");
        CreatedToken kept = engine.create("bob", "still private");
        assertThat(engine.authenticate(leaked.token())).isPresent();

        engine.revokeLeaked(List.of(leaked.token(), "pat_not-even-a-token", TokenFormat.generate(new SecureRandom())),
                "203.0.113.7");

        assertThat(engine.authenticate(leaked.token())).isEmpty();
        assertThat(engine.authenticate(kept.token())).isPresent();
        assertThat(engine.list("bob")).extracting(TokenInfo::name).containsExactly("still private");
    }

    @Test
    void reportingGuessesIsThrottledLikeRefusedTokens() {
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            guesses.add(TokenFormat.generate(new SecureRandom()));
        }
        engine.revokeLeaked(guesses, "203.0.113.7");

        assertThatThrownBy(() -> engine.revokeLeaked(List.of(TokenFormat.generate(new SecureRandom())), "203.0.113.7"))
                .isInstanceOf(ThrottledException.class)
                .satisfies(e -> assertThat(((ThrottledException) e).retryAfter().toSeconds()).isBetween(1L, 60L));
        CreatedToken leaked = engine.create("bob", "found by someone else");
        engine.revokeLeaked(List.of(leaked.token()), "198.51.100.20");
        assertThat(engine.authenticate(leaked.token())).isEmpty();
    }
}
