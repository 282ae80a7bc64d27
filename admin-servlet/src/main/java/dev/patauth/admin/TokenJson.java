package dev.patauth.admin;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.patauth.CreatedToken;
import dev.patauth.ExpiryPolicy;
import dev.patauth.PatAuth;
import dev.patauth.Scope;
import dev.patauth.TokenInfo;
import dev.patauth.TokenPage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON the token API reads and writes. Instants are ISO-8601 text in UTC; an absent value is
 * {@code null}, so every token object has the same fields.
 */
final class TokenJson {

    /** Refuses duplicate keys and anything after the object, so one body has one meaning. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TokenJson() {
    }

    /**
     * {@code GET api/tokens}: the caller's active tokens, newest first, how many they may have, and
     * what a page needs to offer the choices of a new token: the app's scopes, the default ones,
     * and the expiry policy.
     */
    record TokenList(int limit, List<ScopeJson> scopes, List<String> defaultScopes, Expiry expiry, List<Token> tokens,
            boolean admin) {

        /** {@code admin}: whether this request may use {@code api/admin/}, so that a page offers it. */
        static TokenList of(PatAuth engine, List<TokenInfo> tokens, boolean admin) {
            List<Scope> declared = engine.scopes();
            return new TokenList(engine.maxTokensPerUser(), declared.stream().map(ScopeJson::of).toList(),
                    inDeclaredOrder(engine.defaultScopes(), declared), Expiry.of(engine.expiryPolicy()),
                    tokens.stream().map(token -> Token.of(token, declared)).toList(), admin);
        }
    }

    /**
     * {@code GET api/admin/tokens}: one page of every user's active tokens, and the cursor of the
     * next page ({@code null} on the last).
     */
    record AdminTokenList(List<AdminToken> tokens, String next) {

        static AdminTokenList of(TokenPage page, List<Scope> declared) {
            return new AdminTokenList(page.tokens().stream().map(token -> AdminToken.of(token, declared)).toList(),
                    page.next().orElse(null));
        }
    }

    /** A token in an administrator's list: whose it is, and neither the token nor its hash. */
    record AdminToken(String id, String user, String name, List<String> scopes, String createdAt, String lastUsedAt,
            String lastUsedAddress, String expiresAt) {

        static AdminToken of(TokenInfo info, List<Scope> declared) {
            return new AdminToken(info.id().toString(), info.user(), info.name(), inDeclaredOrder(info.scopes(), declared),
                    info.createdAt().toString(), text(info.lastUsedAt()), info.lastUsedAddress().orElse(null),
                    text(info.expiresAt()));
        }
    }

    /** {@code POST api/admin/users/{user}/revoke-all}: how many active tokens were revoked. */
    record RevokedAll(int revoked) {
    }

    /** A scope the app declares, with the line that tells a person what it allows. */
    record ScopeJson(String name, String description) {

        static ScopeJson of(Scope scope) {
            return new ScopeJson(scope.name(), scope.description());
        }
    }

    /**
     * The expiry policy in the whole days {@code expiresInDays} speaks (rounded down): the
     * default ({@code null} for no expiry), the most, and whether a token must expire.
     */
    record Expiry(Long defaultDays, long maxDays, boolean required) {

        static Expiry of(ExpiryPolicy policy) {
            return new Expiry(policy.defaultValidity().map(Duration::toDays).orElse(null),
                    NewTokenRequest.maxDays(policy), policy.required());
        }
    }

    /**
     * A listed token: everything but the token itself, which is never shown again. Its scopes
     * are in the order the app declares them; where it was last used from is {@code null}
     * until it is used (and the agent when the client sent none).
     */
    record Token(String id, String name, List<String> scopes, String createdAt, String lastUsedAt,
            String lastUsedAddress, String lastUsedAgent, String expiresAt) {

        static Token of(TokenInfo info, List<Scope> declared) {
            return new Token(info.id().toString(), info.name(), inDeclaredOrder(info.scopes(), declared),
                    info.createdAt().toString(),
                    text(info.lastUsedAt()), info.lastUsedAddress().orElse(null), info.lastUsedAgent().orElse(null),
                    text(info.expiresAt()));
        }
    }

    /** {@code POST api/tokens} and {@code api/tokens/{id}/rotate}: the new token, the one time it is shown. */
    record NewToken(String id, String name, String token, List<String> scopes, String createdAt, String expiresAt) {

        static NewToken of(CreatedToken created, List<Scope> declared) {
            TokenInfo info = created.info();
            return new NewToken(info.id().toString(), info.name(), created.token(), inDeclaredOrder(info.scopes(), declared),
                    info.createdAt().toString(), text(info.expiresAt()));
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

    /** Scope names in the order the app declares them, so lists read the same everywhere. */
    private static List<String> inDeclaredOrder(Set<String> scopes, List<Scope> declared) {
        return declared.stream().map(Scope::name).filter(scopes::contains).toList();
    }

    private static String text(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
