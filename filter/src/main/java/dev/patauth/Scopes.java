package dev.patauth;

import dev.patauth.store.StoredToken;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The scopes an app declares ({@code patauth.scopes}), the ones a new token gets unless asked
 * otherwise ({@code patauth.scopes.default}), and what a token's stored scopes mean now.
 */
final class Scopes {

    /** RFC 6749's scope-token, narrowed to what reads well in a URL, a header and a Spring authority. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,63}");
    /** The column holds the names joined by spaces. */
    static final int MAX_STORED_LENGTH = 1000;
    static final int MAX_DESCRIPTION_LENGTH = 200;

    private final Map<String, Scope> declared;
    /** Every declared name, in order: what a token with "every scope" has. */
    private final Set<String> all;
    private final Set<String> defaults;

    /** Declared scopes, in order, and the defaults; both already checked by the builder. */
    Scopes(Map<String, String> declared, Set<String> defaults) {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        declared.forEach((name, description) -> scopes.put(name, new Scope(name, description)));
        this.declared = scopes;
        this.all = Collections.unmodifiableSet(new LinkedHashSet<>(scopes.keySet()));
        this.defaults = Set.copyOf(defaults);
    }

    boolean any() {
        return !declared.isEmpty();
    }

    List<Scope> declared() {
        return List.copyOf(declared.values());
    }

    Set<String> defaults() {
        return defaults;
    }

    /**
     * A stored token's scopes now, in declared order and unmodifiable: those it has that are still
     * declared, or every declared one for "all".
     */
    Set<String> of(StoredToken row) {
        Optional<Set<String>> stored = row.scopes();
        if (stored.isEmpty()) {
            return all;
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : declared.keySet()) {
            if (stored.get().contains(name)) {
                scopes.add(name);
            }
        }
        return Collections.unmodifiableSet(scopes);
    }

    /**
     * What to store for a new token asked for {@code asked} (empty: the defaults): a non-empty
     * set of declared scopes; or, while the app declares none, nothing (every scope, later).
     */
    Optional<Set<String>> forNewToken(Optional<Set<String>> asked) {
        if (declared.isEmpty()) {
            if (asked.isPresent() && !asked.get().isEmpty()) {
                throw new InvalidScopeException("This app declares no scopes, so a token cannot be given "
                        + String.join(", ", new TreeSet<>(asked.get())) + ".");
            }
            return Optional.empty();
        }
        Set<String> scopes = asked.orElse(defaults);
        if (scopes.isEmpty()) {
            throw new InvalidScopeException("Choose at least one scope: " + String.join(", ", declared.keySet()) + ".");
        }
        for (String scope : new TreeSet<>(scopes)) {
            if (!declared.containsKey(scope)) {
                throw new InvalidScopeException("There is no scope '" + printable(scope) + "'; the scopes are "
                        + String.join(", ", declared.keySet()) + ".");
            }
        }
        return Optional.of(scopes);
    }

    /** The name with anything unprintable replaced, for a message. */
    static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return cut.codePoints().map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
