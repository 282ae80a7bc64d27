package dev.patauth.servlet;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthConfigException;
import java.util.Collection;
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
    /** The filter's keys. */
    static final Set<String> KEYS = Set.of(MODE, REALM);
    /** The admin servlet's keys start with this; it reads and checks them itself. */
    static final String ADMIN_PREFIX = "patauth.admin.";

    private WebSettings() {
    }

    /** Throws, naming the first {@code patauth.*} key among {@code names} that no part of patauth reads. */
    static void requireKnown(Collection<String> names) {
        for (String name : names) {
            if (name.startsWith("patauth.") && !PatAuth.settingKeys().contains(name) && !KEYS.contains(name)
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

    /** {@code patauth.realm} checked for use in a challenge; for the filter built in code. */
    static String realm(String realm) {
        return realm(key -> REALM.equals(key) ? realm : null, "/");
    }

    private static Optional<String> value(Function<String, String> values, String key) {
        return Optional.ofNullable(values.apply(key)).map(String::trim).filter(text -> !text.isEmpty());
    }
}
