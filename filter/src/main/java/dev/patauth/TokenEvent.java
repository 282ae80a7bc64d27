package dev.patauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a token, for the app's {@link TokenEventListener}: to email its
 * owner ("your token expires in 7 days"), or to keep an audit trail. Never holds a token or its
 * hash. A value class rather than a record, so that it can grow; only patauth makes one.
 */
public final class TokenEvent {

    /** What happened. */
    public enum Type {
        /** A token was created ({@link #tokenId()}: the new token). */
        CREATED,
        /** A token was rotated ({@link #tokenId()}: the old one, {@link #replacedBy()}: the new one). */
        ROTATED,
        /** A token was revoked; {@link #reason()} says why. */
        REVOKED,
        /** A token expires within 7 days, then within 1 day; {@link #expiresAt()} says when. */
        EXPIRING_SOON,
        /** A create was refused because the user has the most active tokens allowed ({@link #tokenId()} is empty). */
        LIMIT_REACHED,
        /**
         * A token was used from another address than its last recorded one ({@link #address()}),
         * or for the first time; sent after the last-used write, at most once per token and
         * interval by each node, so a node that has not read the token's newest address yet may
         * send the same news once more.
         */
        USED_FROM_NEW_ADDRESS
    }

    private final Type type;
    private final String user;
    private final Optional<String> actor;
    private final Optional<TokenId> tokenId;
    private final Optional<String> tokenName;
    private final Instant at;
    private final Optional<RevocationReason> reason;
    private final Optional<TokenId> replacedBy;
    private final Optional<Instant> expiresAt;
    private final Optional<String> address;
    private final Optional<String> previousAddress;

    private TokenEvent(Builder builder) {
        this.type = builder.type;
        this.user = builder.user;
        this.actor = Optional.ofNullable(builder.actor);
        this.tokenId = Optional.ofNullable(builder.tokenId);
        this.tokenName = Optional.ofNullable(builder.tokenName);
        this.at = builder.at;
        this.reason = Optional.ofNullable(builder.reason);
        this.replacedBy = Optional.ofNullable(builder.replacedBy);
        this.expiresAt = Optional.ofNullable(builder.expiresAt);
        this.address = Optional.ofNullable(builder.address);
        this.previousAddress = Optional.ofNullable(builder.previousAddress);
    }

    static Builder of(Type type, String user, Instant at) {
        return new Builder(type, user, at);
    }

    static Builder of(Type type, TokenInfo token, String user, Instant at) {
        return of(type, user, at).token(token.id(), token.name());
    }

    public Type type() {
        return type;
    }

    /** The token's owner (for {@link Type#LIMIT_REACHED}, who asked for one more). */
    public String user() {
        return user;
    }

    /**
     * Who did it: the user name of the owner, or of the administrator who acted on the owner's
     * token; empty when patauth did it on its own (the sweep, a leak report, a new address).
     */
    public Optional<String> actor() {
        return actor;
    }

    /** The token; empty only for {@link Type#LIMIT_REACHED}. */
    public Optional<TokenId> tokenId() {
        return tokenId;
    }

    /** The token's name; empty only for {@link Type#LIMIT_REACHED}. */
    public Optional<String> tokenName() {
        return tokenName;
    }

    /** When it happened. */
    public Instant at() {
        return at;
    }

    /** Why a token was revoked: present for {@link Type#REVOKED} only. */
    public Optional<RevocationReason> reason() {
        return reason;
    }

    /** The new token of a rotation: present for {@link Type#ROTATED} only. */
    public Optional<TokenId> replacedBy() {
        return replacedBy;
    }

    /** When the token expires: present for {@link Type#EXPIRING_SOON}, and for the others when it expires. */
    public Optional<Instant> expiresAt() {
        return expiresAt;
    }

    /** The client address of the use: present for {@link Type#USED_FROM_NEW_ADDRESS} only. */
    public Optional<String> address() {
        return address;
    }

    /** The address recorded before it; empty when the token had not been used before. */
    public Optional<String> previousAddress() {
        return previousAddress;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenEvent that && type == that.type && user.equals(that.user)
                && actor.equals(that.actor) && tokenId.equals(that.tokenId) && tokenName.equals(that.tokenName) && at.equals(that.at)
                && reason.equals(that.reason) && replacedBy.equals(that.replacedBy) && expiresAt.equals(that.expiresAt)
                && address.equals(that.address) && previousAddress.equals(that.previousAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, user, tokenId, at);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TokenEvent[").append(type).append(", user=").append(user);
        actor.ifPresent(who -> text.append(", actor=").append(who));
        tokenId.ifPresent(id -> text.append(", tokenId=").append(id));
        reason.ifPresent(why -> text.append(", reason=").append(why));
        replacedBy.ifPresent(id -> text.append(", replacedBy=").append(id));
        expiresAt.ifPresent(when -> text.append(", expiresAt=").append(when));
        address.ifPresent(where -> text.append(", address=").append(where));
        previousAddress.ifPresent(where -> text.append(", previousAddress=").append(where));
        return text.append(", at=").append(at).append(']').toString();
    }

    /** Fills in an event; the engine's only way to make one. */
    static final class Builder {
        private final Type type;
        private final String user;
        private final Instant at;
        private String actor;
        private TokenId tokenId;
        private String tokenName;
        private RevocationReason reason;
        private TokenId replacedBy;
        private Instant expiresAt;
        private String address;
        private String previousAddress;

        private Builder(Type type, String user, Instant at) {
            this.type = Objects.requireNonNull(type, "type");
            this.user = Objects.requireNonNull(user, "user");
            this.at = Objects.requireNonNull(at, "at");
        }

        Builder token(TokenId id, String name) {
            this.tokenId = id;
            this.tokenName = name;
            return this;
        }

        Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        Builder reason(RevocationReason reason) {
            this.reason = reason;
            return this;
        }

        Builder replacedBy(TokenId replacedBy) {
            this.replacedBy = replacedBy;
            return this;
        }

        Builder expiresAt(Optional<Instant> expiresAt) {
            this.expiresAt = expiresAt.orElse(null);
            return this;
        }

        Builder address(String address, Optional<String> previousAddress) {
            this.address = address;
            this.previousAddress = previousAddress.orElse(null);
            return this;
        }

        TokenEvent build() {
            return new TokenEvent(this);
        }
    }
}
