package dev.patauth.servlet;

import dev.patauth.AuthResult;
import dev.patauth.servlet.BearerErrors.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The RFC 6750 answers of {@link PatAuthFilter}, for other integrations on the Servlet API (the
 * Spring Security configurer): the same status, {@code WWW-Authenticate} challenge or
 * {@code Retry-After}, {@code Cache-Control: no-store} and JSON body for every outcome, so that a
 * client meets one vocabulary whichever integration answers it. Nothing the client sent is echoed.
 */
public final class BearerResponses {

    private final BearerErrors errors;

    private BearerResponses(BearerErrors errors) {
        this.errors = errors;
    }

    /**
     * The answers with this realm in their challenge.
     *
     * @param realm printable ASCII without quotes or backslashes
     * @throws dev.patauth.PatAuthConfigException when the realm cannot be put in a challenge
     * @throws NullPointerException when {@code realm} is null
     */
    public static BearerResponses forRealm(String realm) {
        return new BearerResponses(new BearerErrors(WebSettings.realm(Objects.requireNonNull(realm, "realm")), null));
    }

    /**
     * Answers a token that did not authenticate: 401 {@code invalid_token} for
     * {@link AuthResult.Refused}, 429 for {@link AuthResult.Throttled} and 503 for
     * {@link AuthResult.Unavailable}, both with {@code Retry-After} in whole seconds, rounded up.
     *
     * @throws IllegalArgumentException for {@link AuthResult.Authenticated}, which is no refusal
     * @throws IOException when the answer cannot be written
     */
    public void refuse(HttpServletResponse response, AuthResult result) throws IOException {
        errors.refuse(response, result);
    }

    /**
     * Answers a valid token that lacks a scope: 403 {@code insufficient_scope}.
     *
     * @param scope the scopes the resource requires (declared names, joined by spaces), or null
     *              when unknown
     * @throws IOException when the answer cannot be written
     */
    public void insufficientScope(HttpServletResponse response, String scope) throws IOException {
        errors.sendInsufficientScope(response, scope);
    }

    /**
     * Answers a token that could not be checked because the database refused patauth's query
     * (a {@code PatAuthStoreException}): 500, no challenge, no {@code Retry-After}.
     *
     * @throws IOException when the answer cannot be written
     */
    public void serverError(HttpServletResponse response) throws IOException {
        errors.send(response, Refusal.SERVER_ERROR);
    }
}
