package dev.patauth;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * The principal of a request authenticated with a personal access token: the token's owner,
 * their current roles, and which of their tokens was presented. A value class rather than a
 * record, so that it can grow without breaking callers; only patauth
 * makes one.
 */
public final class TokenPrincipal implements Principal {

    private final String user;
    private final TokenId tokenId;
    private final String tokenName;
    private final Set<String> roles;
    private final Set<String> scopes;

    TokenPrincipal(String user, TokenId tokenId, String tokenName, Set<String> roles, Set<String> scopes) {
        this.user = Objects.requireNonNull(user, "user");
        this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
        this.tokenName = Objects.requireNonNull(tokenName, "tokenName");
        this.roles = Set.copyOf(roles);
        this.scopes = Set.copyOf(scopes);
    }

    /** The owner's user name, as the app knows it. */
    @Override
    public String getName() {
        return user;
    }

    /** The owner's user name, as {@link #getName()}. */
    public String user() {
        return user;
    }

    /** Which of the owner's tokens was presented. */
    public TokenId tokenId() {
        return tokenId;
    }

    /** That token's name. */
    public String tokenName() {
        return tokenName;
    }

    /** The owner's roles when the request came, from {@code patauth.roles-query}; empty without one. */
    public Set<String> roles() {
        return roles;
    }

    /**
     * What the token may do: its scopes among those the app declares ({@code patauth.scopes});
     * every declared scope for a token created before scopes existed; empty when the app
     * declares none.
     */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether the token has this scope; throws nothing. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenPrincipal that && user.equals(that.user) && tokenId.equals(that.tokenId)
                && tokenName.equals(that.tokenName) && roles.equals(that.roles) && scopes.equals(that.scopes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, tokenId, tokenName, roles);
    }

    @Override
    public String toString() {
        return "TokenPrincipal[user=" + user + ", tokenId=" + tokenId + ", tokenName=" + tokenName + ", roles=" + roles + ", scopes=" + scopes + "]";
    }
}
