package dev.patauth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.patauth.store.Dialect;
import dev.patauth.store.Invalidations;
import dev.patauth.store.JdbcTokenStore;
import dev.patauth.store.OwnedPool;
import dev.patauth.store.PollingBus;
import dev.patauth.store.PostgresNotifyBus;
import dev.patauth.store.RevocationBus;
import dev.patauth.store.RoleResolver;
import dev.patauth.store.TokenHash;
import dev.patauth.store.TokenStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patauth engine of one webapp: creates, lists, revokes and authenticates personal access
 * tokens. One instance is shared by the servlet filter ({@code dev.patauth.servlet.PatAuthFilter}) and the admin servlet, so a revoke
 * on this node empties the very cache the filter reads. Thread-safe; close it on shutdown.
 *
 * <pre>{@code
 * PatAuth patAuth = PatAuth.builder()
 *         .dataSource(dataSource)
 *         .maxTokensPerUser(10)
 *         .build();
 * }</pre>
 */
public final class PatAuth implements AutoCloseable {

    /** What every patauth token starts with. */
    public static final String TOKEN_PREFIX = TokenFormat.PREFIX;

    static final int MAX_USER_LENGTH = 255;

    private static final Logger log = LoggerFactory.getLogger(PatAuth.class);
    /** How long a client is told to wait when the database cannot be reached. */
    private static final AuthResult UNAVAILABLE = new AuthResult.Unavailable(PatAuthUnavailableException.RETRY_AFTER);
    private static final Optional<Set<String>> NO_ROLES = Optional.of(Set.of());
    /** How long {@link #health()} waits for the database's answer, once it has a connection. */
    private static final int DATABASE_CHECK_SECONDS = 2;

    private final TokenStore store;
    private final LoadingCache<TokenHash, Lookup> tokens;
    private final long negativeTtlNanos;
    private final Optional<LoadingCache<String, Optional<Set<String>>>> owners;
    private final LastUsedRecorder lastUsed;
    private final Clock clock;
    private final int maxTokensPerUser;
    private final RevocationBus bus;
    private final AddressBudget refusals;
    private final LeakReports leakReports;
    private final Optional<OwnedPool> ownedPool;
    private final Scopes scopes;
    private final ExpiryPolicy expiry;
    private final TokenManagement management;
    private final Events events;
    private final Sweeper sweeper;
    private final Counters counters = new Counters();
    /** For {@link #health()}: the pool or DataSource the store uses. */
    private final DataSource database;
    private final Invalidation invalidation;
    private volatile boolean storeFailing;

    private PatAuth(PatAuthConfig config, TokenStore store, DataSource database, RevocationBus bus, Invalidation invalidation,
                    Optional<RoleResolver> roles, Optional<OwnedPool> ownedPool) {
        this.store = store;
        this.database = database;
        this.bus = bus;
        this.invalidation = invalidation;
        this.refusals = new AddressBudget(config.failuresPerMinute);
        this.leakReports = new LeakReports(config.leakedPerMinute, this::revokeIfReal);
        this.clock = config.clock;
        this.maxTokensPerUser = config.maxTokensPerUser;
        this.ownedPool = ownedPool;
        this.scopes = config.scopes;
        this.expiry = config.expiry;
        // the audit trail first, so that a slow listener of the app does not hold its lines back
        this.events = new Events(Stream.concat(Stream.of(new AuditLog()), config.eventListeners.stream()).toList());
        Duration ttl = config.cacheTtl;
        // an unknown token keeps its slot for the cache's one ttl but is asked for again after
        // the negative ttl (Lookup.isStaleUnknown): a fixed expiry spares every hit the timer wheel
        // that per-entry expiry needs
        this.negativeTtlNanos = Math.min(config.negativeCacheTtl.toNanos(), ttl.toNanos());
        this.tokens = Caffeine.newBuilder()
                .maximumSize(config.cacheMaxSize)
                // the cache's upkeep runs on the calling thread, in small amortized steps, instead of
                // a ForkJoinPool task per burst of reads: measured as 0.6-0.8 us of CPU per request
                .executor(Runnable::run)
                .expireAfterWrite(ttl)
                .build(this::load);
        this.owners = roles.map(resolver -> Caffeine.newBuilder()
                .maximumSize(config.cacheMaxSize)
                .refreshAfterWrite(config.rolesTtl)
                .expireAfterWrite(ttl.compareTo(config.rolesTtl) > 0 ? ttl : config.rolesTtl)
                .build(resolver::rolesOf));
        this.lastUsed = new LastUsedRecorder(store, clock, config.lastUsedInterval, events::publish, counters);
        this.sweeper = new Sweeper(config, store, tokens::invalidate, events::publish);
        this.management = new TokenManagement(config, store, events, tokens::invalidate);
        bus.start(new CacheInvalidations());
    }

    /** Connects, creates missing tables when asked, and starts the engine of a valid configuration. */
    private static PatAuth start(PatAuthConfig config) {
        Optional<OwnedPool> ownedPool = config.jdbcUrl.map(url -> OwnedPool.open(url, config.jdbcUser, config.jdbcPassword,
                config.jdbcPoolSize, config.names.of("jdbcUrl")));
        try {
            DataSource database = ownedPool.map(OwnedPool::dataSource).orElseGet(config.dataSource::orElseThrow);
            Dialect dialect = JdbcTokenStore.prepare(database, config.autoCreateSchema);
            Invalidation chosen = config.invalidation != Invalidation.AUTO ? config.invalidation
                    : dialect == Dialect.POSTGRESQL ? Invalidation.NOTIFY : Invalidation.POLL;
            RevocationBus bus = bus(config, chosen, dialect, database, ownedPool);
            TokenStore tokenStore = config.storeDecorator.apply(new JdbcTokenStore(database, bus, dialect));
            Optional<RoleResolver> roles = config.rolesQuery.map(query -> new RoleResolver(database, query));
            PatAuth engine = new PatAuth(config, tokenStore, database, bus, chosen, roles, ownedPool);
            log.info("patauth started on {} (max {} tokens per user, cache ttl {}, revocations by {})",
                    dialect, config.maxTokensPerUser, config.cacheTtl, chosen.name().toLowerCase(Locale.ROOT));
            return engine;
        } catch (RuntimeException e) {
            ownedPool.ifPresent(OwnedPool::close);
            throw e;
        }
    }

    private static RevocationBus bus(PatAuthConfig config, Invalidation chosen, Dialect dialect, DataSource database,
                                     Optional<OwnedPool> ownedPool) {
        return switch (chosen) {
            case NOTIFY -> {
                if (dialect != Dialect.POSTGRESQL) {
                    SettingNames names = config.names;
                    throw new PatAuthConfigException(names.of("invalidation") + "=" + names.value(Invalidation.NOTIFY)
                            + " needs PostgreSQL; use " + names.value(Invalidation.POLL) + ", " + names.value(Invalidation.AUTO)
                            + " or " + names.value(Invalidation.NONE) + " on " + dialect.name());
                }
                // with the URL, the listener opens its own connection and takes no slot of the pool
                yield new PostgresNotifyBus(ownedPool.map(OwnedPool::listenerConnections)
                        .orElse(database::getConnection));
            }
            case POLL -> new PollingBus(database, dialect, config.clock, config.pollInterval);
            default -> RevocationBus.none();
        };
    }

    /** A cache miss: the one place the request path waits for the database. */
    private Lookup load(TokenHash hash) {
        long start = System.nanoTime();
        try {
            Lookup lookup;
            try {
                lookup = Lookup.of(store.findByHash(hash), scopes, negativeTtlNanos, owners.isPresent() ? null : NO_ROLES.get());
            } finally {
                counters.lookedUp(System.nanoTime() - start);
            }
            if (storeFailing) {
                storeFailing = false;
                log.info("patauth reaches its token database again");
            }
            return lookup;
        } catch (PatAuthUnavailableException e) {
            if (!storeFailing) {
                storeFailing = true;
                log.warn("patauth answers 503 to tokens it has not cached until its database answers again: {}",
                        e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Other nodes' news, applied to this node's caches. */
    private final class CacheInvalidations implements Invalidations {

        @Override
        public void token(TokenHash hash) {
            // blocks while a lookup of this hash is in flight, then drops what it loaded
            tokens.invalidate(hash);
        }

        @Override
        public void user(String userId) {
            owners.ifPresent(cache -> cache.invalidate(userId));
        }

        @Override
        public void all() {
            tokens.invalidateAll();
            owners.ifPresent(LoadingCache::invalidateAll);
        }
    }

    /** A builder with the defaults of the configuration table; only the database is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with the {@code patauth.*} settings already applied that {@code settings}
     * returns (a key to its text, null when unset): the keys of the README's configuration
     * table that belong to the engine, each read, checked and given to the builder method of
     * the same meaning, so that every error names the key. Other keys are not read; later
     * calls on the builder may change what was set. {@code patauth.datasource} is looked up in
     * JNDI. With neither {@code patauth.datasource} nor {@code patauth.jdbc.url}, give the
     * builder a {@link Builder#dataSource DataSource} before {@code build()}, which refuses an
     * engine without exactly one database.
     *
     * @param settings such as {@code servletContext::getInitParameter} or {@code map::get}
     * @throws PatAuthConfigException when a value is wrong or missing, naming its key
     */
    public static Builder builder(Function<String, String> settings) {
        return Settings.toBuilder(Objects.requireNonNull(settings, "settings"));
    }

    /** The {@code patauth.*} keys that {@link #builder(Function)} reads. */
    public static Set<String> settingKeys() {
        return Settings.KEYS;
    }

    /**
     * Whether {@link #builder(Function)} reads {@code key}: one of {@link #settingKeys()}, or
     * {@code patauth.scope.<name>}, the description of a scope. Throws nothing.
     */
    public static boolean isSettingKey(String key) {
        return key != null && Settings.isKey(key);
    }

    /**
     * Refuses {@code key} when it describes a scope ({@code patauth.scope.<name>}) that
     * {@code patauth.scopes}, as {@code settings} gives it, does not declare; does nothing for any
     * other key. For integrations that check the names of the settings they are given (web.xml,
     * Spring properties): {@link #builder(Function)} reads descriptions by the declared names and
     * cannot see a mistyped one, which would leave its scope without a description in silence.
     *
     * @throws PatAuthConfigException naming the key and the declared scopes
     * @throws NullPointerException when {@code settings} is null
     */
    public static void requireDeclaredScope(String key, Function<String, String> settings) {
        Settings.requireDeclaredScope(key, Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Whether the text has the shape and checksum of a patauth token: {@value #TOKEN_PREFIX},
     * 40 random base62 characters and their 6-character CRC32. Needs no engine and does no I/O,
     * so secret scanners and command-line tools can tell a patauth token from other text, or a
     * typo from a real token. True does not mean the token is valid: only
     * {@link #authenticate(String, String)} knows whether it exists, is active and unexpired.
     *
     * @param token any text; null is not well formed
     */
    public static boolean isWellFormed(String token) {
        return token != null && TokenFormat.isWellFormed(token);
    }


    /**
     * Creates a token with the default scopes and expiry ({@code patauth.scopes.default},
     * {@code patauth.expiry.default}); as {@link #create(String, NewToken)}.
     *
     * @throws InvalidTokenNameException as {@link #create(String, NewToken)}
     * @throws InvalidExpiryException when {@code patauth.expiry.required} is true and there is no default expiry
     * @throws TokenLimitReachedException as {@link #create(String, NewToken)}
     * @throws IllegalArgumentException as {@link #create(String, NewToken)}
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public CreatedToken create(String user, String name) {
        return create(user, NewToken.named(name));
    }

    /**
     * Creates a token with the default scopes that stops working after {@code validFor}; as
     * {@link #create(String, NewToken)}.
     *
     * @throws InvalidExpiryException when {@code validFor} is not positive or longer than {@code patauth.expiry.max}
     * @throws InvalidTokenNameException as {@link #create(String, NewToken)}
     * @throws TokenLimitReachedException as {@link #create(String, NewToken)}
     * @throws IllegalArgumentException as {@link #create(String, NewToken)}
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public CreatedToken create(String user, String name, Duration validFor) {
        return create(user, NewToken.named(name).validFor(validFor));
    }

    /**
     * Creates a token. The name is kept in the form the returned token's
     * {@link TokenInfo#name()} shows, which is what {@link #list} shows later: in Unicode NFC,
     * without white space at either end. Scopes and lifetime not given follow the app's policy.
     *
     * @throws InvalidTokenNameException when the name is empty or invisible, has more than 100
     *         code points, or holds control characters, bidirectional controls or half a character
     * @throws InvalidScopeException when the scopes are empty or not all declared by the app
     * @throws InvalidExpiryException when the lifetime is not positive, longer than
     *         {@code patauth.expiry.max}, or none while {@code patauth.expiry.required} is true
     * @throws TokenLimitReachedException when the user already has {@link #maxTokensPerUser()} active tokens
     * @throws IllegalArgumentException when {@code user} is blank or longer than 255 characters
     * @throws NullPointerException when {@code request} is null
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public CreatedToken create(String user, NewToken request) {
        return management.create(user, request);
    }

    /**
     * Replaces one of the user's active tokens with a new one of the same name, scopes and
     * lifetime (cut to {@code patauth.expiry.max}; a token without expiry gets the default
     * expiry, or the maximum, while {@code patauth.expiry.required} is true). In the same
     * transaction the old token is revoked on every node, or, with {@code patauth.rotation.grace},
     * it keeps working that long (less if it expires sooner). The user's token limit does not
     * apply: the new token takes the old one's place.
     *
     * @return the new token, shown this once; empty when the user has no active token with this id
     * @throws IllegalArgumentException when {@code user} is blank or longer than 255 characters
     * @throws NullPointerException when {@code id} is null
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public Optional<CreatedToken> rotate(String user, TokenId id) {
        return management.rotate(user, id);
    }

    /**
     * The user's tokens that are neither revoked nor expired, newest first.
     *
     * @throws IllegalArgumentException when {@code user} is blank or longer than 255 characters
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public List<TokenInfo> list(String user) {
        return management.list(user);
    }

    /**
     * Revokes one of the user's active tokens; the next request that presents it is refused,
     * on every node.
     *
     * @return false when the user has no active token with this id
     * @throws IllegalArgumentException when {@code user} is blank or longer than 255 characters
     * @throws NullPointerException when {@code id} is null
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public boolean revoke(String user, TokenId id) {
        return management.revoke(user, id);
    }

    /**
     * Revokes any user's active token, as the administrator {@code admin}: the next request that
     * presents it is refused, on every node. The event names the administrator as its actor.
     *
     * @return the token as it was, or empty when no active token has this id
     * @throws IllegalArgumentException when {@code admin} is blank or longer than 255 characters
     * @throws NullPointerException when {@code id} is null
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public Optional<TokenInfo> revokeAsAdmin(TokenId id, String admin) {
        return management.revokeAsAdmin(id, admin);
    }

    /**
     * Revokes every active token of {@code user} in one transaction, as the administrator
     * {@code admin} (offboarding, a lost laptop): every node refuses them from then on.
     *
     * @return how many tokens were revoked
     * @throws IllegalArgumentException when {@code user} or {@code admin} is blank or longer than 255 characters
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public int revokeAll(String user, String admin) {
        return management.revokeAll(user, admin);
    }

    /**
     * One page of every user's active tokens, for administrators: never a token or its hash.
     * Each filter is answered from an index on PostgreSQL (see {@link TokenQuery} for the order).
     *
     * @throws IllegalArgumentException when the query's cursor is not one this list handed out
     *         for the same filters, or its user is blank or too long
     * @throws InvalidScopeException when the query's scope is not declared
     * @throws NullPointerException when {@code query} is null
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public TokenPage listTokens(TokenQuery query) {
        return management.listTokens(query);
    }

    /** The scopes the app declares ({@code patauth.scopes}), in their order; empty when none. Throws nothing. */
    public List<Scope> scopes() {
        return scopes.declared();
    }

    /** The scopes a token gets when its creator does not choose ({@code patauth.scopes.default}). Throws nothing. */
    public Set<String> defaultScopes() {
        return scopes.defaults();
    }

    /** How long new tokens may live ({@code patauth.expiry.*}). Throws nothing. */
    public ExpiryPolicy expiryPolicy() {
        return expiry;
    }

    /**
     * Makes every node sharing the database ask for the user's roles again on their next
     * request, for role changes and disabled accounts. Without {@code patauth.roles-query}
     * patauth knows nothing about accounts, and this does nothing.
     *
     * @throws IllegalArgumentException when {@code user} is blank or longer than 255 characters
     * @throws PatAuthUnavailableException when the database cannot be reached
     * @throws PatAuthStoreException when the database refuses the statement
     */
    public void invalidateUser(String user) {
        requireUser(user);
        if (owners.isPresent()) {
            owners.get().invalidate(user);
            store.invalidateUser(user, now());
        }
    }

    /**
     * Checks a token that a client presented, as every integration should: an address that
     * has had too many tokens refused lately is throttled before the token is even hashed; a
     * malformed token is refused without any I/O; a known token is answered from memory; and
     * each refusal counts against the address, in the same atomic step that decides whether it
     * was one too many (then the answer is {@link AuthResult.Throttled}). A valid token's use
     * is recorded for its last-used time.
     *
     * @param token         the presented token, such as the credentials of {@code Authorization: Bearer}
     * @param clientAddress the address the throttle counts refusals against, such as
     *                      {@code request.getRemoteAddr()}
     * @return one of the four outcomes; the database being down is {@link AuthResult.Unavailable}
     * @throws PatAuthStoreException when the database refuses patauth's query (missing tables,
     *                               a broken {@code patauth.roles-query}): not an outage, and
     *                               not the client's fault
     * @throws NullPointerException when {@code clientAddress} is null (a null token is refused)
     */
    public AuthResult authenticate(String token, String clientAddress) {
        return authenticate(token, clientAddress, null);
    }

    /**
     * As {@link #authenticate(String, String)}, and a valid token's last use also records the
     * client's {@code User-Agent} (cut to 200 characters), which its owner sees in the token list.
     *
     * @param userAgent the {@code User-Agent} header, or null when the client sent none
     * @throws PatAuthStoreException as {@link #authenticate(String, String)}
     * @throws NullPointerException when {@code clientAddress} is null
     */
    public AuthResult authenticate(String token, String clientAddress, String userAgent) {
        Objects.requireNonNull(clientAddress, "clientAddress");
        // each outcome adds one to exactly one counter of statistics(): the only cost of the counts
        Optional<Duration> throttled = refusals.exhausted(clientAddress);
        if (throttled.isPresent()) {
            counters.throttledBefore.increment();
            return new AuthResult.Throttled(throttled.get());
        }
        TokenHash hash = token == null ? null : TokenFormat.hashIfWellFormed(token);
        if (hash == null) {
            return refused(clientAddress, AuthResult.Refused.Reason.MALFORMED);
        }
        AuthResult.Authenticated accepted;
        try {
            accepted = accepted(hash, clientAddress, userAgent);
        } catch (PatAuthUnavailableException e) {
            counters.unavailable.increment();
            return UNAVAILABLE;
        }
        if (accepted != null) {
            counters.authenticated.increment();
            return accepted;
        }
        return refused(clientAddress, AuthResult.Refused.Reason.INVALID);
    }

    private AuthResult refused(String clientAddress, AuthResult.Refused.Reason reason) {
        Optional<Duration> oneTooMany = refusals.spend(clientAddress, 1);
        boolean malformed = reason == AuthResult.Refused.Reason.MALFORMED;
        if (oneTooMany.isPresent()) {
            (malformed ? counters.throttledMalformed : counters.throttledInvalid).increment();
            return new AuthResult.Throttled(oneTooMany.get());
        }
        (malformed ? counters.refusedMalformed : counters.refusedInvalid).increment();
        return new AuthResult.Refused(reason);
    }

    /**
     * {@link #authenticate(String, String, String)} for the hash of a token that
     * {@link TokenFormat#hashIfWellFormed} has just checked, without the throttle: the answer
     * for its owner, or null for a token that does not authenticate; a valid token's use is
     * recorded with the client's address and agent. A hit builds nothing: the entry holds its
     * answer.
     *
     * @throws PatAuthUnavailableException when the answer needs the database and it cannot be reached
     * @throws PatAuthStoreException when the answer needs the database and it refuses the query
     */
    private AuthResult.Authenticated accepted(TokenHash hash, String clientAddress, String userAgent) {
        Lookup lookup = cached(hash);
        if (!lookup.isKnown() || lookup.expires() && lookup.isExpiredAt(clock.millis())) {
            return null;
        }
        if (owners.isEmpty()) {
            lastUsed.record(lookup, clientAddress, userAgent);
            return lookup.fixedAnswer();
        }
        Optional<Set<String>> roles = owners.get().get(lookup.userId());
        if (roles.isEmpty()) {
            return null;
        }
        lastUsed.record(lookup, clientAddress, userAgent);
        return lookup.answer(roles.get());
    }

    /** The cache's entry for a hash, looked up again when it is an unknown token past its negative ttl. */
    private Lookup cached(TokenHash hash) {
        Lookup lookup = tokens.get(hash);
        if (lookup.isStaleUnknown()) {
            // only this stale entry goes: a newer one that another thread loaded meanwhile stays
            tokens.asMap().remove(hash, lookup);
            lookup = tokens.get(hash);
        }
        return lookup;
    }

    /**
     * Revokes every real, active token among {@code leaked}, whoever owns it: for anyone who
     * finds a token in a public place. The tokens are checked and revoked on a background
     * thread moments after this returns, so neither the outcome nor the time this takes says
     * which tokens were real; a token that cannot be checked during a database outage waits
     * until the database answers again.
     *
     * <p>Reports have a budget of their own, apart from the one for presenting tokens: an
     * address may report {@code patauth.throttle.leaked-per-minute} tokens per minute, counted
     * whatever the tokens are (a report is taken whole while the address has any budget left).
     *
     * @throws ThrottledException when the address has reported its share of tokens this minute,
     *         or {@value LeakReports#MAX_WAITING} reported tokens are waiting to be checked
     * @throws IllegalArgumentException for more than {@value LeakReports#MAX_WAITING} tokens at once
     */
    public void revokeLeaked(Collection<String> leaked, String clientAddress) {
        leakReports.report(leaked, clientAddress);
    }

    /** A reported token: revoked if it is real and not revoked yet, expired or not. */
    private void revokeIfReal(String token) {
        TokenHash hash = token == null ? null : TokenFormat.hashIfWellFormed(token);
        if (hash == null) {
            return;
        }
        Lookup found = cached(hash);
        if (!found.isKnown()) {
            return;
        }
        management.revokeLeaked(found);
    }

    /** Whether other nodes' revocations reach this node right now. */
    boolean hearsOtherNodes() {
        return bus.isConnected();
    }

    /**
     * What this engine has done since it started: authentications by outcome, the cache, the
     * database lookups and their time, the last-used writes and the revocation listener. Reads
     * counters the engine keeps anyway (an authentication adds one to one counter); no I/O, and
     * throws nothing. {@code dev.patauth.metrics.PatAuthMetrics} publishes it to Micrometer.
     */
    public PatAuthStatistics statistics() {
        return new PatAuthStatistics(counters, tokens.estimatedSize(), invalidation, bus.isConnected(),
                bus.connectedSince(), bus.reconnects(), clock.instant());
    }

    /**
     * Checks whether the database answers, with a round trip on one of the engine's connections
     * ({@code Connection.isValid} with a 2-second timeout), and whether other nodes' revocations
     * reach this node. Throws nothing: a database that cannot be reached is
     * {@link PatAuthHealth#databaseUp()} false. With {@code patauth.jdbc.url} it answers within
     * about 5 seconds when the database is down (the pool's 3-second wait for a connection, then
     * the check); with a DataSource, the wait for a connection is that pool's own.
     */
    public PatAuthHealth health() {
        return new PatAuthHealth(databaseAnswers(), invalidation, bus.isConnected(), bus.connectedSince(), clock.instant());
    }

    private boolean databaseAnswers() {
        try (Connection connection = database.getConnection()) {
            return connection.isValid(DATABASE_CHECK_SECONDS);
        } catch (SQLException | RuntimeException e) {
            log.debug("patauth's health check found its database down: {}", e.getMessage());
            return false;
        }
    }

    /** The most active tokens one user may have ({@code patauth.max-tokens-per-user}); throws nothing. */
    public int maxTokensPerUser() {
        return maxTokensPerUser;
    }

    /** Sweeps now, if no node has swept within the interval; for tests. */
    boolean sweepNow() {
        return sweeper.sweep();
    }

    /** Writes pending last-used times now instead of at the next interval; for tests. */
    void flushLastUsed() {
        lastUsed.flush();
    }

    /**
     * Writes pending last-used times, stops background threads and waits for them to end, and
     * closes a pool patauth opened (deregistering the JDBC drivers it loaded in a webapp).
     * Throws nothing: what cannot be written is logged.
     */
    @Override
    public void close() {
        leakReports.close();
        sweeper.close();
        bus.close();
        lastUsed.close();
        events.close();
        ownedPool.ifPresent(OwnedPool::close);
    }

    private Instant now() {
        // the databases keep microseconds; what create returns must equal what list returns later
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireUser(String user) {
        TokenManagement.requireUser(user);
    }

    /** How other nodes learn of a revocation; see the README's configuration table. */
    public enum Invalidation {
        /** {@code NOTIFY} on PostgreSQL, polling elsewhere. */
        AUTO,
        /** PostgreSQL {@code LISTEN}/{@code NOTIFY}. */
        NOTIFY,
        /** Every node asks the database for recent revocations. */
        POLL,
        /** Only the cache TTL bounds how long another node accepts a revoked token. */
        NONE
    }

    /**
     * Builds a {@link PatAuth}. Every method is one decision and refuses a value it does not
     * accept at once, with a {@link PatAuthConfigException} naming the method;
     * {@link #build()} checks the rules between settings before it opens any connection.
     */
    public static final class Builder {

        DataSource dataSource;
        String jdbcUrl;
        String jdbcUser;
        String jdbcPassword;
        /** Null until set: only a pool patauth opens has a size to set. */
        Integer jdbcPoolSize;
        boolean autoCreateSchema = true;
        int maxTokensPerUser = 10;
        long cacheMaxSize = 100_000;
        Duration cacheTtl = Duration.ofMinutes(5);
        Duration negativeCacheTtl = Duration.ofSeconds(30);
        Duration rolesTtl = Duration.ofSeconds(30);
        Duration lastUsedInterval = Duration.ofMinutes(1);
        String rolesQuery;
        Invalidation invalidation = Invalidation.AUTO;
        Duration pollInterval = Duration.ofSeconds(1);
        int failuresPerMinute = 30;
        int leakedPerMinute = 100;
        Clock clock = Clock.systemUTC();
        /** Declared scopes in order, name to description. */
        final Map<String, String> scopes = new LinkedHashMap<>();
        /** Null until set: every declared scope. */
        Set<String> defaultScopes;
        /** Null: no expiry. */
        Duration defaultExpiry;
        Duration maxExpiry = Duration.ofDays(365);
        boolean expiryRequired;
        Duration rotationGrace = Duration.ZERO;
        /** Null: off. */
        Duration revokeUnusedAfter;
        Duration retention = Duration.ofDays(90);
        Duration sweepInterval = Duration.ofHours(1);
        final List<TokenEventListener> eventListeners = new ArrayList<>();
        UnaryOperator<TokenStore> storeDecorator = UnaryOperator.identity();
        SettingNames names = SettingNames.JAVA;

        private Builder() {
        }

        /**
         * The app's DataSource; patauth borrows connections and never closes it.
         *
         * @throws NullPointerException when a required argument is null
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * A JDBC URL for which patauth opens (and on close, closes) its own HikariCP pool.
         *
         * @throws NullPointerException when a required argument is null
         */
        public Builder jdbcUrl(String url, String user, String password) {
            this.jdbcUrl = Objects.requireNonNull(url, "url");
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        /**
         * At most this many connections, 1 to 100, in the pool patauth opens for {@link #jdbcUrl}
         * ({@code patauth.jdbc.pool-size}, default {@value PatAuthConfig#DEFAULT_JDBC_POOL_SIZE}).
         * patauth opens one when it starts and more only while requests wait for one; the
         * revocation listener on PostgreSQL has a connection of its own besides.
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         */
        public Builder jdbcPoolSize(int jdbcPoolSize) {
            this.jdbcPoolSize = between("jdbcPoolSize", jdbcPoolSize, 1, 100);
            return this;
        }

        /** Whether missing tables are created on start ({@code patauth.schema.auto-create}). */
        public Builder autoCreateSchema(boolean autoCreateSchema) {
            this.autoCreateSchema = autoCreateSchema;
            return this;
        }

        /**
         * At most this many active tokens per user, 1 to 10000 ({@code patauth.max-tokens-per-user}).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         */
        public Builder maxTokensPerUser(int maxTokensPerUser) {
            this.maxTokensPerUser = between("maxTokensPerUser", maxTokensPerUser, 1, 10_000);
            return this;
        }

        /**
         * At most this many token hashes are cached, at least 1 ({@code patauth.cache.max-size}).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         */
        public Builder cacheMaxSize(long cacheMaxSize) {
            if (cacheMaxSize < 1) {
                throw invalid("cacheMaxSize", "must be at least 1, got " + cacheMaxSize);
            }
            this.cacheMaxSize = cacheMaxSize;
            return this;
        }

        /**
         * How long a known token is answered from memory ({@code patauth.cache.ttl}).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = positive("cacheTtl", cacheTtl);
            return this;
        }

        /**
         * How long an unknown token is remembered as unknown ({@code patauth.cache.negative-ttl}),
         * at most {@link #cacheTtl}, which bounds every entry.
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder negativeCacheTtl(Duration negativeCacheTtl) {
            this.negativeCacheTtl = positive("negativeCacheTtl", negativeCacheTtl);
            return this;
        }

        /**
         * How often a token's last use is written at most ({@code patauth.last-used.interval}).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder lastUsedInterval(Duration lastUsedInterval) {
            this.lastUsedInterval = positive("lastUsedInterval", lastUsedInterval);
            return this;
        }

        /**
         * SQL returning the owner's role names, exactly one {@code ?} for the user
         * ({@code patauth.roles-query}).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder rolesQuery(String rolesQuery) {
            Objects.requireNonNull(rolesQuery, "rolesQuery");
            if (rolesQuery.chars().filter(c -> c == '?').count() != 1) {
                throw invalid("rolesQuery", "must contain exactly one ? for the user name, got: " + rolesQuery);
            }
            this.rolesQuery = rolesQuery;
            return this;
        }

        /**
         * How long resolved roles are reused before they are asked again ({@code patauth.roles.ttl}).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder rolesTtl(Duration rolesTtl) {
            this.rolesTtl = positive("rolesTtl", rolesTtl);
            return this;
        }

        /**
         * How revocations reach other nodes ({@code patauth.invalidation}).
         *
         * @throws NullPointerException when a required argument is null
         */
        public Builder invalidation(Invalidation invalidation) {
            this.invalidation = Objects.requireNonNull(invalidation, "invalidation");
            return this;
        }

        /**
         * How often a node asks for revocations when it polls ({@code patauth.invalidation.poll-interval}).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive("pollInterval", pollInterval);
            return this;
        }

        /**
         * After this many refused tokens from one client address within a minute, at least 1,
         * that address gets 429 until the minute is over ({@code patauth.throttle.failures-per-minute}).
         */
        public Builder failuresPerMinute(int failuresPerMinute) {
            this.failuresPerMinute = atLeastOne("failuresPerMinute", failuresPerMinute);
            return this;
        }

        /**
         * Each client address may report this many leaked tokens per minute, at least 1; a report
         * is taken whole while the address has any of them left ({@code patauth.throttle.leaked-per-minute}).
         * This budget is apart from {@link #failuresPerMinute}: reports never make an address's
         * own tokens refused.
         */
        public Builder leakedPerMinute(int leakedPerMinute) {
            this.leakedPerMinute = atLeastOne("leakedPerMinute", leakedPerMinute);
            return this;
        }

        /**
         * The clock for creation, expiry and last-used times.
         *
         * @throws NullPointerException when a required argument is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Declares a scope that tokens may carry ({@code patauth.scopes}, with its description in
         * {@code patauth.scope.<name>}), in the order pages list them. A name is 1 to 64
         * letters, digits and {@code : . _ -}, starting with a letter or digit; the description is
         * one line of at most 200 characters, or empty.
         *
         * @throws PatAuthConfigException when the name or description is not one it accepts, or
         *         the scope is declared twice, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder scope(String name, String description) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            if (!Scopes.NAME.matcher(name).matches()) {
                throw invalid("scope", "names a scope with 1 to 64 letters, digits and : . _ -, starting with a letter or"
                        + " digit, got '" + name + "'");
            }
            if (scopes.containsKey(name)) {
                throw invalid("scope", "declares " + name + " twice");
            }
            if (description.length() > Scopes.MAX_DESCRIPTION_LENGTH || description.chars().anyMatch(Character::isISOControl)) {
                throw invalid("scope", "describes " + name + " in one line of at most " + Scopes.MAX_DESCRIPTION_LENGTH
                        + " characters");
            }
            int stored = String.join(" ", scopes.keySet()).length() + 1 + name.length();
            if (stored > Scopes.MAX_STORED_LENGTH) {
                throw invalid("scope", "declares more scopes than a token can hold: their names, joined by spaces, take at"
                        + " most " + Scopes.MAX_STORED_LENGTH + " characters");
            }
            scopes.put(name, description.trim());
            return this;
        }

        /**
         * The scopes a new token gets when its creator does not choose
         * ({@code patauth.scopes.default}); every declared scope unless set. Checked by
         * {@link #build()}: a non-empty set of declared scopes.
         *
         * @throws NullPointerException when a required argument is null
         */
        public Builder defaultScopes(Set<String> defaultScopes) {
            this.defaultScopes = Set.copyOf(defaultScopes);
            return this;
        }

        /**
         * How long a new token lives when its creator does not say ({@code patauth.expiry.default});
         * no expiry unless set. At most {@link #maxExpiry}, checked by {@link #build()}.
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder defaultExpiry(Duration defaultExpiry) {
            this.defaultExpiry = positive("defaultExpiry", defaultExpiry);
            return this;
        }

        /**
         * The longest a token may live ({@code patauth.expiry.max}, default 365 days).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder maxExpiry(Duration maxExpiry) {
            this.maxExpiry = positive("maxExpiry", maxExpiry);
            return this;
        }

        /** Whether every token must expire ({@code patauth.expiry.required}, default false). Throws nothing. */
        public Builder expiryRequired(boolean expiryRequired) {
            this.expiryRequired = expiryRequired;
            return this;
        }

        /**
         * How long a rotated token keeps working beside the new one ({@code patauth.rotation.grace},
         * default 0: revoked at once), so that a job can roll the new token out first. At most 7 days.
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder rotationGrace(Duration rotationGrace) {
            Objects.requireNonNull(rotationGrace, "rotationGrace");
            if (rotationGrace.isNegative() || rotationGrace.compareTo(Duration.ofDays(7)) > 0) {
                throw invalid("rotationGrace", "must be between 0s and 7d, got " + Settings.text(rotationGrace));
            }
            this.rotationGrace = rotationGrace;
            return this;
        }

        /**
         * Revokes tokens not used (or, never used, not created) for this long
         * ({@code patauth.inactive.revoke-after}); off unless set. At least 1 day.
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder revokeUnusedAfter(Duration revokeUnusedAfter) {
            this.revokeUnusedAfter = atLeast("revokeUnusedAfter", revokeUnusedAfter, Duration.ofDays(1));
            return this;
        }

        /**
         * Deletes the rows of tokens revoked or expired longer ago than this ({@code patauth.retention},
         * default 90 days). At least 1 day.
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder retention(Duration retention) {
            this.retention = atLeast("retention", retention, Duration.ofDays(1));
            return this;
        }

        /**
         * How often one node sweeps: revokes unused tokens, warns of expiring ones, deletes old
         * rows ({@code patauth.sweep.interval}, default 1 hour).
         *
         * @throws PatAuthConfigException when the value is not one it accepts, naming this method
         * @throws NullPointerException when a required argument is null
         */
        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = atLeast("sweepInterval", sweepInterval, Duration.ofSeconds(1));
            return this;
        }

        /**
         * Adds a listener for token events ({@code patauth.events.listeners} names classes);
         * see {@link TokenEventListener} for how they are delivered.
         *
         * @throws NullPointerException when a required argument is null
         */
        public Builder eventListener(TokenEventListener listener) {
            eventListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Wraps the JDBC store, for tests that need to hold a lookup in flight. */
        Builder decorateStore(UnaryOperator<TokenStore> storeDecorator) {
            this.storeDecorator = storeDecorator;
            return this;
        }

        /** Errors name settings by these names from now on: {@link Settings} gives its keys. */
        Builder named(SettingNames names) {
            this.names = Objects.requireNonNull(names, "names");
            return this;
        }

        /**
         * Checks the rules between settings, then connects, creates missing tables when asked,
         * and starts the engine.
         *
         * @throws PatAuthConfigException when a rule is broken (before any connection is opened),
         *         or the database cannot be reached or does not suit a setting
         */
        public PatAuth build() {
            return start(config());
        }

        /** The configuration, once the rules between settings hold; no I/O. */
        PatAuthConfig config() {
            if ((dataSource == null) == (jdbcUrl == null)) {
                throw new PatAuthConfigException("patauth needs exactly one database: set " + names.of("dataSource")
                        + " or " + names.of("jdbcUrl") + ", not " + (dataSource == null ? "neither" : "both"));
            }
            if (jdbcPoolSize != null && jdbcUrl == null) {
                throw new PatAuthConfigException(names.of("jdbcPoolSize") + " sizes the pool patauth opens for "
                        + names.of("jdbcUrl") + "; with " + names.of("dataSource") + ", size that DataSource's own pool");
            }
            if (defaultScopes != null) {
                if (defaultScopes.isEmpty() && !scopes.isEmpty()) {
                    throw new PatAuthConfigException(names.of("defaultScopes") + " must name at least one scope");
                }
                for (String scope : new TreeSet<>(defaultScopes)) {
                    if (!scopes.containsKey(scope)) {
                        throw new PatAuthConfigException(names.of("defaultScopes") + " names " + scope + ", which "
                                + names.of("scope") + " does not declare" + (scopes.isEmpty() ? "" : "; declared: "
                                + String.join(", ", scopes.keySet())));
                    }
                }
            }
            if (defaultExpiry != null && defaultExpiry.compareTo(maxExpiry) > 0) {
                throw new PatAuthConfigException(names.of("defaultExpiry") + " (" + Settings.days(defaultExpiry)
                        + ") is longer than " + names.of("maxExpiry") + " (" + Settings.days(maxExpiry) + ")");
            }
            return new PatAuthConfig(this);
        }

        private PatAuthConfigException invalid(String method, String rule) {
            return new PatAuthConfigException(names.of(method) + " " + rule);
        }

        private int between(String method, int value, int min, int max) {
            if (value < min || value > max) {
                throw invalid(method, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        private int atLeastOne(String method, int value) {
            if (value < 1) {
                throw invalid(method, "must be at least 1, got " + value);
            }
            return value;
        }

        private Duration atLeast(String method, Duration value, Duration min) {
            Objects.requireNonNull(value, method);
            if (value.compareTo(min) < 0) {
                throw invalid(method, "must be at least " + Settings.text(min) + ", got " + Settings.text(value));
            }
            return value;
        }

        private Duration positive(String method, Duration value) {
            Objects.requireNonNull(value, method);
            if (value.isNegative() || value.isZero()) {
                throw invalid(method, "must be a positive duration such as 30s or 5m, got " + value);
            }
            return value;
        }
    }
}
