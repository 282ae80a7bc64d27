package dev.patauth;

import java.time.Duration;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Reads patauth's keys (context-params, filter init-params) once, at start, and turns each
 * into a decision or a sentence naming the key that is wrong.
 */
final class Settings {

    static final String DATASOURCE = "patauth.datasource";
    static final String JDBC_URL = "patauth.jdbc.url";
    static final String JDBC_USER = "patauth.jdbc.user";
    static final String JDBC_PASSWORD = "patauth.jdbc.password";
    static final String AUTO_CREATE = "patauth.schema.auto-create";
    static final String MODE = "patauth.mode";
    static final String REALM = "patauth.realm";
    static final String MAX_TOKENS = "patauth.max-tokens-per-user";
    static final String CACHE_MAX_SIZE = "patauth.cache.max-size";
    static final String CACHE_TTL = "patauth.cache.ttl";
    static final String CACHE_NEGATIVE_TTL = "patauth.cache.negative-ttl";
    static final String LAST_USED_INTERVAL = "patauth.last-used.interval";
    static final String ROLES_QUERY = "patauth.roles-query";
    static final String ROLES_TTL = "patauth.roles.ttl";
    static final String INVALIDATION = "patauth.invalidation";
    static final String POLL_INTERVAL = "patauth.invalidation.poll-interval";
    static final String FAILURES_PER_MINUTE = "patauth.throttle.failures-per-minute";
    static final String LEAKED_PER_MINUTE = "patauth.throttle.leaked-per-minute";

    private static final Set<String> KNOWN = Set.of(DATASOURCE, JDBC_URL, JDBC_USER, JDBC_PASSWORD, AUTO_CREATE, MODE,
            REALM, MAX_TOKENS, CACHE_MAX_SIZE, CACHE_TTL, CACHE_NEGATIVE_TTL, LAST_USED_INTERVAL, ROLES_QUERY, ROLES_TTL,
            INVALIDATION, POLL_INTERVAL, FAILURES_PER_MINUTE, LEAKED_PER_MINUTE);
    /** Keys read by other parts of patauth, such as the admin servlet. */
    private static final String OTHER_PARTS = "patauth.admin.";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private final Function<String, String> values;

    private Settings(Function<String, String> values) {
        this.values = values;
    }

    /** Settings from a lookup of key to value (null when absent), checking that every name given is a known key. */
    static Settings of(Function<String, String> values, Enumeration<String> names) {
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (name.startsWith("patauth.") && !KNOWN.contains(name) && !name.startsWith(OTHER_PARTS)) {
                throw new PatAuthConfigException(name + " is not a patauth setting; see the configuration table in the README");
            }
        }
        return new Settings(values);
    }

    /** A builder configured from these settings. */
    PatAuth.Builder toBuilder() {
        PatAuth.Builder builder = PatAuth.builder();
        Optional<String> jndiName = value(DATASOURCE);
        Optional<String> url = value(JDBC_URL);
        if (jndiName.isPresent() && url.isPresent()) {
            throw new PatAuthConfigException("set either " + DATASOURCE + " or " + JDBC_URL + ", not both");
        }
        if (jndiName.isPresent()) {
            builder.dataSource(lookUp(jndiName.get()));
        } else if (url.isPresent()) {
            builder.jdbcUrl(url.get(), value(JDBC_USER).orElse(null), value(JDBC_PASSWORD).orElse(null));
        } else {
            throw new PatAuthConfigException("patauth needs a database: set " + DATASOURCE
                    + " to a JNDI name such as java:comp/env/jdbc/app, or " + JDBC_URL);
        }
        value(AUTO_CREATE).ifPresent(v -> builder.autoCreateSchema(bool(AUTO_CREATE, v)));
        value(MAX_TOKENS).ifPresent(v -> builder.maxTokensPerUser((int) number(MAX_TOKENS, v)));
        value(CACHE_MAX_SIZE).ifPresent(v -> builder.cacheMaxSize(number(CACHE_MAX_SIZE, v)));
        value(CACHE_TTL).ifPresent(v -> builder.cacheTtl(duration(CACHE_TTL, v)));
        value(CACHE_NEGATIVE_TTL).ifPresent(v -> builder.negativeCacheTtl(duration(CACHE_NEGATIVE_TTL, v)));
        value(LAST_USED_INTERVAL).ifPresent(v -> builder.lastUsedInterval(duration(LAST_USED_INTERVAL, v)));
        value(ROLES_QUERY).ifPresent(builder::rolesQuery);
        value(ROLES_TTL).ifPresent(v -> builder.rolesTtl(duration(ROLES_TTL, v)));
        value(INVALIDATION).ifPresent(v -> builder.invalidation(oneOf(INVALIDATION, v, PatAuth.Invalidation.class)));
        value(POLL_INTERVAL).ifPresent(v -> builder.pollInterval(duration(POLL_INTERVAL, v)));
        value(FAILURES_PER_MINUTE).ifPresent(v -> builder.failuresPerMinute((int) number(FAILURES_PER_MINUTE, v)));
        value(LEAKED_PER_MINUTE).ifPresent(v -> builder.leakedPerMinute((int) number(LEAKED_PER_MINUTE, v)));
        return builder;
    }

    PatAuthFilter.Mode mode() {
        return value(MODE).map(v -> oneOf(MODE, v, PatAuthFilter.Mode.class)).orElse(PatAuthFilter.Mode.REQUIRED);
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.apply(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    static Duration duration(String key, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        throw new PatAuthConfigException(key + " must be a duration such as 500ms, 30s, 5m, 1h or 1d, got '" + text + "'");
    }

    private static long number(String key, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new PatAuthConfigException(key + " must be a whole number, got '" + text + "'");
        }
    }

    private static boolean bool(String key, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new PatAuthConfigException(key + " must be true or false, got '" + text + "'");
        };
    }

    private static <E extends Enum<E>> E oneOf(String key, String text, Class<E> type) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new PatAuthConfigException(key + " must be one of " + allowed + ", got '" + text + "'");
        }
    }

    private static DataSource lookUp(String jndiName) {
        try {
            Object found = new InitialContext().lookup(jndiName);
            if (found instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new PatAuthConfigException(DATASOURCE + " names " + jndiName + ", which is a "
                    + found.getClass().getName() + ", not a javax.sql.DataSource");
        } catch (NamingException e) {
            throw new PatAuthConfigException(DATASOURCE + " names " + jndiName + ", which the container does not provide ("
                    + e.getMessage() + ")", e);
        }
    }
}
