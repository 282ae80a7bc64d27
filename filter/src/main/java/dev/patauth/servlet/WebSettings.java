package dev.patauth.servlet;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthConfigException;
import dev.patauth.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The web layer's {@code patauth.*} keys: the filter's own ({@code patauth.mode},
 * {@code patauth.realm}), read here, and the check at start that every {@code patauth.*} key
 * a webapp sets belongs to someone. Each part keeps its one list: the engine's keys are
 * {@link Settings#KEYS}, the filter's are {@link #KEYS}, and the keys under
 * {@value #ADMIN_PREFIX} are the admin servlet's, which checks them itself.
 */
final class WebSettings {

    static final String MODE = "patauth.mode";
    static final String REALM = "patauth.realm";
    static final String REQUIRED_SCOPE = "patauth.required-scope";
    /** The filter's keys. */
    static final Set<String> KEYS = Set.of(MODE, REALM, REQUIRED_SCOPE);
    /** The admin servlet's keys start with this; it reads and checks them itself. */
    static final String ADMIN_PREFIX = "patauth.admin.";

    private WebSettings() {
    }

    /**
     * Throws, naming the first {@code patauth.*} key among {@code names} that no part of patauth
     * reads, or the first {@code patauth.scope.<name>} (a scope's description) whose scope
     * {@code patauth.scopes} does not declare: a mistyped scope would otherwise lose its
     * description without a word.
     */
    static void requireKnown(Collection<String> names, Function<String, String> values) {
        requireKnown(names);
        for (String name : names) {
            PatAuth.requireDeclaredScope(name, values);
        }
    }

    /** Throws, naming the first {@code patauth.*} key among {@code names} that no part of patauth reads. */
    static void requireKnown(Collection<String> names) {
        for (String name : names) {
            if (name.startsWith("patauth.") && !PatAuth.isSettingKey(name) && !KEYS.contains(name)
                    && !name.startsWith(ADMIN_PREFIX)) {
                throw new PatAuthConfigException(name + " is not a patauth setting; see the configuration table in the README");
            }
        }
    }

    /** {@code patauth.mode}, {@code required} unless set. */
    static PatAuthFilter.Mode mode(Function<String, String> values) {
        return value(values, MODE).map(text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "required" -> PatAuthFilter.Mode.REQUIRED;
            case "optional" -> PatAuthFilter.Mode.OPTIONAL;
            default -> throw new PatAuthConfigException(MODE + " must be one of required, optional, got '" + text + "'");
        }).orElse(PatAuthFilter.Mode.REQUIRED);
    }

    /** {@code patauth.realm}, the context path ({@code /} at the root) unless set. */
    static String realm(Function<String, String> values, String contextPath) {
        String realm = value(values, REALM).orElse(contextPath.isEmpty() ? "/" : contextPath);
        if (realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
            throw new PatAuthConfigException(REALM + " may hold printable ASCII without quotes or backslashes, got '"
                    + realm + "'");
        }
        return realm;
    }

    /** {@code patauth.required-scope}: one of the scopes the engine declares, or empty when unset. */
    static Optional<String> requiredScope(Function<String, String> values, PatAuth engine) {
        return value(values, REQUIRED_SCOPE).map(scope -> requiredScope(scope, engine, REQUIRED_SCOPE));
    }

    /** A scope the engine declares, for a filter that requires it; {@code setting} names it in the error. */
    static String requiredScope(String scope, PatAuth engine, String setting) {
        List<String> declared = engine.scopes().stream().map(Scope::name).toList();
        if (!declared.contains(scope)) {
            throw new PatAuthConfigException(setting + " is " + scope + ", which is not a declared scope ("
                    + (declared.isEmpty() ? "patauth.scopes declares none" : "patauth.scopes: " + String.join(", ", declared))
                    + ")");
        }
        return scope;
    }

    /** {@code patauth.realm} checked for use in a challenge; for the filter built in code. */
    static String realm(String realm) {
        return realm(key -> REALM.equals(key) ? realm : null, "/");
    }

    private static Optional<String> value(Function<String, String> values, String key) {
        return Optional.ofNullable(values.apply(key)).map(String::trim).filter(text -> !text.isEmpty());
    }
}
