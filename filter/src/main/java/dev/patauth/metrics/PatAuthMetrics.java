package dev.patauth.metrics;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes an engine's {@link PatAuth#statistics()} to a Micrometer registry. Every meter
 * reads the engine's own counters when the registry is scraped, so binding adds nothing to a
 * request. The names (as Prometheus shows them in brackets):
 *
 * <ul>
 * <li>{@code patauth.authentications} ({@code patauth_authentications_total}), tag {@code result}:
 *     {@code authenticated}, {@code refused}, {@code throttled}, {@code unavailable};
 * <li>{@code patauth.cache.size}: token hashes cached now;
 * <li>{@code patauth.cache.gets} ({@code patauth_cache_gets_total}), tag {@code result}: {@code hit}
 *     or {@code miss}, and {@code patauth.cache.hit.ratio}, hits over both since the start;
 * <li>{@code patauth.database.lookups} ({@code patauth_database_lookups_seconds_count} and
 *     {@code _sum}): token lookups that reached the database and their time, and
 *     {@code patauth.database.lookup.max}, the longest since the start;
 * <li>{@code patauth.lastused.flushes} and {@code patauth.lastused.rows}: batched last-used writes,
 *     and the token rows they wrote;
 * <li>{@code patauth.revocations.listener.connected} (1 or 0) and
 *     {@code patauth.revocations.listener.reconnects}, tag {@code invalidation}: {@code notify},
 *     {@code poll} or {@code none}.
 * </ul>
 *
 * <pre>{@code
 * new PatAuthMetrics(patAuth).bindTo(registry);
 * }</pre>
 *
 * The meters hold the engine weakly, as Micrometer's function meters do: keep a reference to it
 * (the app does, to use it).
 */
public final class PatAuthMetrics implements MeterBinder {

    private final PatAuth patAuth;
    private final Tags tags;

    /**
     * Meters of {@code patAuth}, without extra tags.
     *
     * @throws NullPointerException when {@code patAuth} is null
     */
    public PatAuthMetrics(PatAuth patAuth) {
        this(patAuth, Tags.empty());
    }

    /**
     * Meters of {@code patAuth}, each with {@code tags} besides its own: to tell several engines
     * (webapps) in one registry apart.
     *
     * @throws NullPointerException when an argument is null
     */
    public PatAuthMetrics(PatAuth patAuth, Iterable<Tag> tags) {
        this.patAuth = Objects.requireNonNull(patAuth, "patAuth");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        authentications(registry, "authenticated", PatAuthStatistics::authenticated,
                "Tokens that authenticated their owner");
        authentications(registry, "refused", PatAuthStatistics::refused,
                "Tokens refused: malformed, unknown, revoked or expired");
        authentications(registry, "throttled", PatAuthStatistics::throttled,
                "Tokens not checked because their address had too many refused");
        authentications(registry, "unavailable", PatAuthStatistics::unavailable,
                "Tokens not checked because the database did not answer");

        Gauge.builder("patauth.cache.size", patAuth, read(PatAuthStatistics::cacheSize))
                .tags(tags).description("Token hashes in the cache").register(registry);
        FunctionCounter.builder("patauth.cache.gets", patAuth, read(PatAuthStatistics::cacheHits))
                .tags(tags).tag("result", "hit").description("Well-formed tokens the cache answered")
                .register(registry);
        FunctionCounter.builder("patauth.cache.gets", patAuth, read(PatAuthStatistics::cacheMisses))
                .tags(tags).tag("result", "miss").description("Well-formed tokens the database had to answer")
                .register(registry);
        Gauge.builder("patauth.cache.hit.ratio", patAuth, read(PatAuthStatistics::cacheHitRatio))
                .tags(tags).description("Cache hits over hits and misses since the start").register(registry);

        FunctionTimer.builder("patauth.database.lookups", patAuth,
                        engine -> engine.statistics().databaseLookups(),
                        engine -> engine.statistics().databaseLookupTime().toNanos(), TimeUnit.NANOSECONDS)
                .tags(tags).description("Token lookups that reached the database").register(registry);
        TimeGauge.builder("patauth.database.lookup.max", patAuth, TimeUnit.NANOSECONDS,
                        read(statistics -> statistics.databaseLookupMax().toNanos()))
                .tags(tags).description("The longest token lookup in the database since the start").register(registry);

        FunctionCounter.builder("patauth.lastused.flushes", patAuth, read(PatAuthStatistics::lastUsedFlushes))
                .tags(tags).description("Batched last-used writes").register(registry);
        FunctionCounter.builder("patauth.lastused.rows", patAuth, read(PatAuthStatistics::lastUsedRows))
                .tags(tags).description("Token rows the last-used writes wrote").register(registry);

        String invalidation = patAuth.statistics().invalidation().name().toLowerCase(Locale.ROOT);
        Gauge.builder("patauth.revocations.listener.connected", patAuth,
                        read(statistics -> statistics.listenerConnected() ? 1 : 0))
                .tags(tags).tag("invalidation", invalidation)
                .description("1 while other nodes' revocations reach this node, 0 otherwise").register(registry);
        FunctionCounter.builder("patauth.revocations.listener.reconnects", patAuth,
                        read(PatAuthStatistics::listenerReconnects))
                .tags(tags).tag("invalidation", invalidation)
                .description("Times the revocation listener came back after a break").register(registry);
    }

    private void authentications(MeterRegistry registry, String result, ToDoubleFunction<PatAuthStatistics> count,
                                 String description) {
        FunctionCounter.builder("patauth.authentications", patAuth, read(count))
                .tags(tags).tag("result", result).description(description).register(registry);
    }

    private static ToDoubleFunction<PatAuth> read(ToDoubleFunction<PatAuthStatistics> value) {
        return engine -> value.applyAsDouble(engine.statistics());
    }
}
