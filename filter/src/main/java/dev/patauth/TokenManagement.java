package dev.patauth;

import dev.patauth.store.Listing;
import dev.patauth.store.Revoked;
import dev.patauth.store.StoredToken;
import dev.patauth.store.TokenHash;
import dev.patauth.store.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link PatAuth}'s token-management methods do (their contracts are on {@link PatAuth}):
 * create, rotate, list and revoke tokens, an owner's and an administrator's, within the app's
 * scopes and expiry policy; each change goes to the store in one transaction, then leaves this
 * node's cache, then reaches the listeners. Apart from {@link PatAuth} so that the engine's class
 * is its API and its request path.
 */
final class TokenManagement {

    private static final Logger log = LoggerFactory.getLogger(PatAuth.class);

    private final TokenStore store;
    private final Scopes scopes;
    private final ExpiryPolicy expiry;
    private final Duration rotationGrace;
    private final int maxTokensPerUser;
    private final Events events;
    private final Clock clock;
    private final Consumer<TokenHash> dropFromCache;
    private final SecureRandom random = new SecureRandom();

    TokenManagement(PatAuthConfig config, TokenStore store, Events events, Consumer<TokenHash> dropFromCache) {
        this.store = store;
        this.scopes = config.scopes;
        this.expiry = config.expiry;
        this.rotationGrace = config.rotationGrace;
        this.maxTokensPerUser = config.maxTokensPerUser;
        this.events = events;
        this.clock = config.clock;
        this.dropFromCache = dropFromCache;
    }

    CreatedToken create(String user, NewToken request) {
        requireUser(user);
        Objects.requireNonNull(request, "request");
        // the answer carries the stored form, so what create returns is what list returns later
        String storedName = TokenNames.normalize(request.name());
        Optional<Set<String>> tokenScopes = scopes.forNewToken(request.scopes());
        Optional<Duration> validity = validity(request.validity().orElse(expiry.defaultValidity()));
        Instant now = now();
        StoredToken row = StoredToken.created(user, TokenId.random(), storedName, now, validity.map(now::plus), tokenScopes);
        String token = TokenFormat.generate(random);
        if (!store.insert(row, TokenHash.of(token), maxTokensPerUser, now)) {
            events.publish(TokenEvent.of(TokenEvent.Type.LIMIT_REACHED, user, now).actor(user).build());
            throw new TokenLimitReachedException(maxTokensPerUser);
        }
        log.info("patauth created token {} for user {}", row.id(), user);
        TokenInfo info = TokenInfo.of(row, scopes);
        events.publish(TokenEvent.of(TokenEvent.Type.CREATED, info, user, now).actor(user).expiresAt(info.expiresAt())
                .build());
        return new CreatedToken(info, token);
    }

    /** A lifetime checked against the policy; empty for none. */
    private Optional<Duration> validity(Optional<Duration> asked) {
        if (asked.isEmpty()) {
            if (expiry.required()) {
                throw new InvalidExpiryException("Tokens must expire here: choose a lifetime of at most "
                        + Settings.days(expiry.max()) + ".");
            }
            return asked;
        }
        Duration validFor = asked.get();
        if (validFor.isNegative() || validFor.isZero()) {
            throw new InvalidExpiryException("A token's lifetime must be positive.");
        }
        if (validFor.compareTo(expiry.max()) > 0) {
            throw new InvalidExpiryException("A token may live at most " + Settings.days(expiry.max()) + ".");
        }
        return asked;
    }

    Optional<CreatedToken> rotate(String user, TokenId id) {
        requireUser(user);
        Objects.requireNonNull(id, "id");
        Instant now = now();
        TokenId newId = TokenId.random();
        String token = TokenFormat.generate(random);
        StoredToken[] made = new StoredToken[1];
        Optional<Revoked> old = store.rotate(user, id, previous -> made[0] = successor(previous, newId, now),
                TokenHash.of(token), rotationGrace, now);
        if (old.isEmpty()) {
            return Optional.empty();
        }
        dropFromCache.accept(old.get().hash());
        StoredToken previous = old.get().token();
        TokenInfo info = TokenInfo.of(made[0], scopes);
        log.info("patauth rotated token {} of user {} to token {}", id, user, newId);
        events.publish(TokenEvent.of(TokenEvent.Type.ROTATED, user, now).actor(user).token(id, previous.name()).replacedBy(newId)
                .expiresAt(info.expiresAt()).build());
        if (rotationGrace.isZero()) {
            events.publish(TokenEvent.of(TokenEvent.Type.REVOKED, user, now).actor(user).token(id, previous.name())
                    .reason(RevocationReason.ROTATION).expiresAt(previous.expiresAt()).build());
        }
        events.publish(TokenEvent.of(TokenEvent.Type.CREATED, info, user, now).actor(user).expiresAt(info.expiresAt())
                .build());
        return Optional.of(new CreatedToken(info, token));
    }

    /** The token that replaces {@code previous}: same owner, name and scopes, and its lifetime within the policy. */
    private StoredToken successor(StoredToken previous, TokenId newId, Instant now) {
        Optional<Duration> lifetime = previous.expiresAt().map(expiresAt -> Duration.between(previous.createdAt(), expiresAt));
        if (lifetime.isEmpty() && expiry.required()) {
            lifetime = Optional.of(expiry.defaultValidity().orElse(expiry.max()));
        }
        lifetime = lifetime.map(length -> length.compareTo(expiry.max()) > 0 ? expiry.max() : length);
        return StoredToken.created(previous.userId(), newId, previous.name(), now, lifetime.map(now::plus), previous.scopes());
    }

    List<TokenInfo> list(String user) {
        requireUser(user);
        return store.listActive(user, now()).stream().map(row -> TokenInfo.of(row, scopes)).toList();
    }

    boolean revoke(String user, TokenId id) {
        requireUser(user);
        Objects.requireNonNull(id, "id");
        Optional<Revoked> revoked = revoked(store.revoke(user, id, RevocationReason.OWNER, now()), RevocationReason.OWNER,
                Optional.of(user));
        revoked.ifPresent(token -> log.info("patauth revoked token {} of user {}", id, user));
        return revoked.isPresent();
    }

    Optional<TokenInfo> revokeAsAdmin(TokenId id, String admin) {
        requireUser(admin);
        Objects.requireNonNull(id, "id");
        Optional<Revoked> revoked = revoked(store.revokeAny(id, RevocationReason.ADMIN, now()), RevocationReason.ADMIN,
                Optional.of(admin));
        revoked.ifPresent(token -> log.info("patauth revoked token {} of user {} for administrator {}", id,
                token.token().userId(), admin));
        return revoked.map(token -> TokenInfo.of(token.token(), scopes));
    }

    int revokeAll(String user, String admin) {
        requireUser(user);
        requireUser(admin);
        List<Revoked> revoked = store.revokeAll(user, RevocationReason.ADMIN, now());
        for (Revoked token : revoked) {
            revoked(Optional.of(token), RevocationReason.ADMIN, Optional.of(admin));
        }
        log.info("patauth revoked all {} tokens of user {} for administrator {}", revoked.size(), user, admin);
        return revoked.size();
    }

    TokenPage listTokens(TokenQuery query) {
        Objects.requireNonNull(query, "query");
        query.user().ifPresent(TokenManagement::requireUser);
        query.scope().ifPresent(scope -> {
            if (scopes.declared().stream().noneMatch(declared -> declared.name().equals(scope))) {
                throw new InvalidScopeException("There is no scope '" + Scopes.printable(scope) + "' to list tokens by.");
            }
        });
        Instant now = now();
        Listing.Order order = query.expiringWithin().isPresent() ? Listing.Order.EXPIRING
                : query.unusedFor().isPresent() ? Listing.Order.UNUSED : Listing.Order.NEWEST;
        Optional<Cursor> after = query.after().map(text -> Cursor.parse(text, order));
        List<StoredToken> rows = store.list(new Listing(query.user(), query.unusedFor().map(now::minus),
                query.expiringWithin().map(now::plus), query.scope(), order, after.map(Cursor::value),
                after.map(Cursor::id), query.limit()), now);
        boolean more = rows.size() > query.limit();
        List<StoredToken> page = more ? rows.subList(0, query.limit()) : rows;
        Optional<String> next = more ? Optional.of(Cursor.of(order, page.get(page.size() - 1)).text()) : Optional.empty();
        return new TokenPage(page.stream().map(row -> TokenInfo.of(row, scopes)).toList(), next);
    }

    /** Revokes a token reported as leaked that the cache found real and active ({@code found}). */
    void revokeLeaked(Lookup found) {
        TokenId id = found.info().id();
        revoked(store.revoke(found.userId(), id, RevocationReason.LEAK_REPORT, now()), RevocationReason.LEAK_REPORT,
                Optional.empty()).ifPresent(revoked ->
                log.warn("patauth revoked token {} of user {} because it was reported as leaked", id, found.userId()));
    }

    /** A token the store has revoked: dropped from this node's cache, and told to the listeners. */
    private Optional<Revoked> revoked(Optional<Revoked> revoked, RevocationReason reason, Optional<String> actor) {
        revoked.ifPresent(token -> {
            dropFromCache.accept(token.hash());
            StoredToken row = token.token();
            events.publish(TokenEvent.of(TokenEvent.Type.REVOKED, row.userId(), clock.instant()).actor(actor.orElse(null))
                    .token(row.id(), row.name()).reason(reason).expiresAt(row.expiresAt()).build());
        });
        return revoked;
    }

    private Instant now() {
        // the databases keep microseconds; what create returns must equal what list returns later
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static void requireUser(String user) {
        if (user == null || user.isBlank() || user.length() > PatAuth.MAX_USER_LENGTH) {
            throw new IllegalArgumentException("A token owner is a user name of 1 to " + PatAuth.MAX_USER_LENGTH + " characters");
        }
    }
}
