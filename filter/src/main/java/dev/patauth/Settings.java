package dev.patauth;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Reads the engine's {@code patauth.*} keys (context-params, filter init-params) into a
 * {@link PatAuth.Builder}, through the very methods Java code calls, so both ways in are
 * checked by the same rules; an error names the key. Knows only the engine's own keys: the
 * filter's ({@link WebSettings}) and the admin servlet's are read and checked where they are used.
 */
final class Settings {

    static final String DATASOURCE = "patauth.datasource";
    static final String JDBC_URL = "patauth.jdbc.url";
    static final String JDBC_USER = "patauth.jdbc.user";
    static final String JDBC_PASSWORD = "patauth.jdbc.password";
    static final String JDBC_POOL_SIZE = "patauth.jdbc.pool-size";
    static final String AUTO_CREATE = "patauth.schema.auto-create";
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
    static final String SCOPES = "patauth.scopes";
    /** {@code patauth.scope.<name>}: the description of a declared scope. */
    static final String SCOPE_PREFIX = "patauth.scope.";
    static final String DEFAULT_SCOPES = "patauth.scopes.default";
    static final String EXPIRY_DEFAULT = "patauth.expiry.default";
    static final String EXPIRY_MAX = "patauth.expiry.max";
    static final String EXPIRY_REQUIRED = "patauth.expiry.required";
    static final String ROTATION_GRACE = "patauth.rotation.grace";
    static final String INACTIVE_REVOKE_AFTER = "patauth.inactive.revoke-after";
    static final String RETENTION = "patauth.retention";
    static final String SWEEP_INTERVAL = "patauth.sweep.interval";
    static final String EVENT_LISTENERS = "patauth.events.listeners";

    /** The builder method each key feeds, so that the builder's errors name the key. */
    private static final Map<String, String> KEY_OF_METHOD = Map.ofEntries(
            Map.entry("dataSource", DATASOURCE),
            Map.entry("jdbcUrl", JDBC_URL),
            Map.entry("jdbcPoolSize", JDBC_POOL_SIZE),
            Map.entry("autoCreateSchema", AUTO_CREATE),
            Map.entry("maxTokensPerUser", MAX_TOKENS),
            Map.entry("cacheMaxSize", CACHE_MAX_SIZE),
            Map.entry("cacheTtl", CACHE_TTL),
            Map.entry("negativeCacheTtl", CACHE_NEGATIVE_TTL),
            Map.entry("lastUsedInterval", LAST_USED_INTERVAL),
            Map.entry("rolesQuery", ROLES_QUERY),
            Map.entry("rolesTtl", ROLES_TTL),
            Map.entry("invalidation", INVALIDATION),
            Map.entry("pollInterval", POLL_INTERVAL),
            Map.entry("failuresPerMinute", FAILURES_PER_MINUTE),
            Map.entry("leakedPerMinute", LEAKED_PER_MINUTE),
            Map.entry("scope", SCOPES),
            Map.entry("defaultScopes", DEFAULT_SCOPES),
            Map.entry("defaultExpiry", EXPIRY_DEFAULT),
            Map.entry("maxExpiry", EXPIRY_MAX),
            Map.entry("expiryRequired", EXPIRY_REQUIRED),
            Map.entry("rotationGrace", ROTATION_GRACE),
            Map.entry("revokeUnusedAfter", INACTIVE_REVOKE_AFTER),
            Map.entry("retention", RETENTION),
            Map.entry("sweepInterval", SWEEP_INTERVAL),
            Map.entry("eventListener", EVENT_LISTENERS));

    /** The engine's keys: those of the builder methods, and the URL's user and password. */
    static final Set<String> KEYS = Stream.concat(KEY_OF_METHOD.values().stream(), Stream.of(JDBC_USER, JDBC_PASSWORD))
            .collect(Collectors.toUnmodifiableSet());

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private Settings() {
    }

    /**
     * A builder configured from the engine's keys in {@code values} (key to value, null when
     * absent); other keys are not read. Every value is checked before the JNDI name is looked up.
     * Without {@code patauth.datasource} and {@code patauth.jdbc.url} the builder has no
     * database yet: {@link PatAuth.Builder#dataSource} may give it one before {@code build()}.
     */
    static PatAuth.Builder toBuilder(Function<String, String> values) {
        PatAuth.Builder builder = PatAuth.builder().named(SettingNames.keys(KEY_OF_METHOD));
        Optional<String> jndiName = value(values, DATASOURCE);
        Optional<String> url = value(values, JDBC_URL);
        if (jndiName.isPresent() && url.isPresent()) {
            throw new PatAuthConfigException("set either " + DATASOURCE + " or " + JDBC_URL + ", not both");
        }
        // with neither, the caller may still give the builder a DataSource (the Spring Boot starter
        // gives the app's); build() refuses an engine without exactly one database, naming both keys
        url.ifPresent(u -> builder.jdbcUrl(u, value(values, JDBC_USER).orElse(null), value(values, JDBC_PASSWORD).orElse(null)));
        set(values, JDBC_POOL_SIZE, Settings::wholeNumber, builder::jdbcPoolSize);
        set(values, AUTO_CREATE, Settings::bool, builder::autoCreateSchema);
        set(values, MAX_TOKENS, Settings::wholeNumber, builder::maxTokensPerUser);
        set(values, CACHE_MAX_SIZE, Settings::number, builder::cacheMaxSize);
        set(values, CACHE_TTL, Settings::duration, builder::cacheTtl);
        set(values, CACHE_NEGATIVE_TTL, Settings::duration, builder::negativeCacheTtl);
        set(values, LAST_USED_INTERVAL, Settings::duration, builder::lastUsedInterval);
        set(values, ROLES_QUERY, (key, text) -> text, builder::rolesQuery);
        set(values, ROLES_TTL, Settings::duration, builder::rolesTtl);
        set(values, INVALIDATION, (key, text) -> oneOf(key, text, PatAuth.Invalidation.class), builder::invalidation);
        set(values, POLL_INTERVAL, Settings::duration, builder::pollInterval);
        set(values, FAILURES_PER_MINUTE, Settings::wholeNumber, builder::failuresPerMinute);
        set(values, LEAKED_PER_MINUTE, Settings::wholeNumber, builder::leakedPerMinute);
        value(values, SCOPES).ifPresent(text -> {
            for (String name : list(text)) {
                builder.scope(name, value(values, SCOPE_PREFIX + name).orElse(""));
            }
        });
        set(values, DEFAULT_SCOPES, (key, text) -> Set.copyOf(list(text)), builder::defaultScopes);
        value(values, EXPIRY_DEFAULT).filter(text -> !text.equalsIgnoreCase("none"))
                .ifPresent(text -> builder.defaultExpiry(duration(EXPIRY_DEFAULT, text)));
        set(values, EXPIRY_MAX, Settings::duration, builder::maxExpiry);
        set(values, EXPIRY_REQUIRED, Settings::bool, builder::expiryRequired);
        set(values, ROTATION_GRACE, Settings::duration, builder::rotationGrace);
        value(values, INACTIVE_REVOKE_AFTER).filter(text -> !text.equalsIgnoreCase("off"))
                .ifPresent(text -> builder.revokeUnusedAfter(duration(INACTIVE_REVOKE_AFTER, text)));
        set(values, RETENTION, Settings::duration, builder::retention);
        set(values, SWEEP_INTERVAL, Settings::duration, builder::sweepInterval);
        value(values, EVENT_LISTENERS).ifPresent(text -> list(text).forEach(name -> builder.eventListener(listener(name))));
        jndiName.ifPresent(name -> builder.dataSource(lookUp(name)));
        return builder;
    }

    /** A key's text, made a value by {@code parse} (whose errors name the key), given to a builder method. */
    private static <T> void set(Function<String, String> values, String key, Parser<T> parse, Consumer<T> method) {
        value(values, key).ifPresent(text -> method.accept(parse.parse(key, text)));
    }

    /** Reads a key's text as a value, or throws naming the key. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String key, String text);
    }

    /** The key's value without white space at either end; empty when absent or blank. */
    static Optional<String> value(Function<String, String> values, String key) {
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

    /** Whether {@code key} is one of the engine's: a fixed key, or a scope's description. */
    static boolean isKey(String key) {
        return KEYS.contains(key) || key.startsWith(SCOPE_PREFIX) && key.length() > SCOPE_PREFIX.length();
    }

    /** See {@link PatAuth#requireDeclaredScope}. */
    static void requireDeclaredScope(String key, Function<String, String> values) {
        if (key == null || !key.startsWith(SCOPE_PREFIX)) {
            return;
        }
        List<String> declared = value(values, SCOPES).map(Settings::list).orElse(List.of());
        if (!declared.contains(key.substring(SCOPE_PREFIX.length()))) {
            throw new PatAuthConfigException(key + " describes a scope that " + SCOPES + " does not declare ("
                    + (declared.isEmpty() ? "it declares none" : String.join(", ", declared)) + ")");
        }
    }

    /** The items of a comma-separated list, trimmed, without empty ones. */
    static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** A duration for a message: whole days as {@code 365 days}, otherwise as the settings write it. */
    static String days(Duration duration) {
        long days = duration.toDays();
        return duration.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days") : text(duration);
    }

    /** A duration as the settings write it: {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, or in ms. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        for (Map.Entry<String, Long> unit : List.of(Map.entry("d", 86_400_000L), Map.entry("h", 3_600_000L),
                Map.entry("m", 60_000L), Map.entry("s", 1_000L))) {
            if (millis != 0 && millis % unit.getValue() == 0) {
                return millis / unit.getValue() + unit.getKey();
            }
        }
        return millis + "ms";
    }

    /** A listener class of the webapp, made with its public no-argument constructor. */
    private static TokenEventListener listener(String className) {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(Settings.class.getClassLoader());
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!TokenEventListener.class.isAssignableFrom(type)) {
                throw new PatAuthConfigException(EVENT_LISTENERS + " names " + className + ", which does not implement "
                        + TokenEventListener.class.getName());
            }
            return (TokenEventListener) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PatAuthConfigException(EVENT_LISTENERS + " names " + className
                    + ", which cannot be made with a public no-argument constructor (" + e + ")", e);
        }
    }

    private static long number(String key, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new PatAuthConfigException(key + " must be a whole number, got '" + text + "'");
        }
    }

    private static int wholeNumber(String key, String text) {
        try {
            return Integer.parseInt(text);
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

    static <E extends Enum<E>> E oneOf(String key, String text, Class<E> type) {
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
