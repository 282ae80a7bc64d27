package dev.patauth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of an administrator's token list. Only patauth makes one. */
public final class TokenPage {

    private final List<TokenInfo> tokens;
    private final Optional<String> next;

    TokenPage(List<TokenInfo> tokens, Optional<String> next) {
        this.tokens = List.copyOf(tokens);
        this.next = Objects.requireNonNull(next, "next");
    }

    /** The tokens of this page, in the query's order. */
    public List<TokenInfo> tokens() {
        return tokens;
    }

    /** An opaque cursor for {@link TokenQuery#after(String)}: empty on the last page. */
    public Optional<String> next() {
        return next;
    }

    @Override
    public String toString() {
        return "TokenPage[" + tokens.size() + " tokens, more=" + next.isPresent() + "]";
    }
}
