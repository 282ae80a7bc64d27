package dev.patauth;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * The principal of a request authenticated with a personal access token: the token's owner,
 * their current roles, and which of their tokens was presented.
 */
public record TokenPrincipal(String user, TokenId tokenId, String tokenName, Set<String> roles) implements Principal {

    public TokenPrincipal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(tokenName, "tokenName");
        roles = Set.copyOf(roles);
    }

    /** The owner's user name, as the app knows it. */
    @Override
    public String getName() {
        return user;
    }
}
