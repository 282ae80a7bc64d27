package dev.patauth.admin;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.patauth.CreatedToken;
import dev.patauth.TokenInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON the token API reads and writes. Instants are ISO-8601 text in UTC; an absent one is
 * {@code null}, so every token object has the same five fields.
 */
final class TokenJson {

    /** Refuses duplicate keys and anything after the object, so one body has one meaning. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TokenJson() {
    }

    /** {@code GET api/tokens}: the caller's active tokens, newest first, and how many they may have. */
    record TokenList(int limit, List<Token> tokens) {
    }

    /** A listed token: everything but the token itself, which is never shown again. */
    record Token(String id, String name, String createdAt, String lastUsedAt, String expiresAt) {

        static Token of(TokenInfo info) {
            return new Token(info.id().toString(), info.name(), info.createdAt().toString(), text(info.lastUsedAt()),
                    text(info.expiresAt()));
        }
    }

    /** {@code POST api/tokens}: the new token, the one time it is shown. */
    record NewToken(String id, String name, String token, String createdAt, String expiresAt) {

        static NewToken of(CreatedToken created) {
            TokenInfo info = created.info();
            return new NewToken(info.id().toString(), info.name(), created.token(), info.createdAt().toString(),
                    text(info.expiresAt()));
        }

        @Override
        public String toString() {
            return "NewToken[id=" + id + ", token=(shown once to its owner)]";
        }
    }

    /** The answer to every leak report, whatever it held. */
    record LeakAccepted(String message) {
        static final LeakAccepted INSTANCE = new LeakAccepted(
                "Thank you. Any of these tokens that is real and active stops working in a moment.");
    }

    /** Every refusal: a stable code and a sentence a person can act on. */
    record ErrorBody(String error, String message) {

        static ErrorBody of(ApiError refusal) {
            return new ErrorBody(refusal.code(), refusal.message());
        }
    }

    private static String text(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
