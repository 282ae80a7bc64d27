package dev.patauth;

import java.util.Collection;
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
            if (name.startsWith("patauth.") && !Settings.KEYS.contains(name) && !KEYS.contains(name)
                    && !name.startsWith(ADMIN_PREFIX)) {
                throw new PatAuthConfigException(name + " is not a patauth setting; see the configuration table in the README");
            }
        }
    }

    /** {@code patauth.mode}, {@code required} unless set. */
    static PatAuthFilter.Mode mode(Function<String, String> values) {
        return Settings.value(values, MODE).map(v -> Settings.oneOf(MODE, v, PatAuthFilter.Mode.class))
                .orElse(PatAuthFilter.Mode.REQUIRED);
    }

    /** {@code patauth.realm}, the context path ({@code /} at the root) unless set. */
    static String realm(Function<String, String> values, String contextPath) {
        String realm = Settings.value(values, REALM).orElse(contextPath.isEmpty() ? "/" : contextPath);
        if (realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
            throw new PatAuthConfigException(REALM + " may hold printable ASCII without quotes or backslashes, got '"
                    + realm + "'");
        }
        return realm;
    }
}
