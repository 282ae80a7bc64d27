package dev.patauth.samples;

import dev.patauth.TokenEvent;
import dev.patauth.TokenEventListener;
import dev.patauth.TokenId;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample's token events, one INFO line each, where a real app would email the owner ("your
 * token expires in 7 days") or keep an audit trail. Registered in web.xml with
 * {@code patauth.events.listeners}, which makes it with this public no-argument constructor;
 * patauth calls it on its own thread {@code patauth-events}, after the change committed. An
 * event carries the token's id and name, never the token.
 */
public class LoggingTokenEvents implements TokenEventListener {

    private static final Logger log = LoggerFactory.getLogger(LoggingTokenEvents.class);

    @Override
    public void onEvent(TokenEvent event) {
        String token = event.tokenId().map(TokenId::toString).orElse("-");
        String user = event.user();
        switch (event.type()) {
            case CREATED -> log.info("token {} of {} created, expires {}", token, user, when(event.expiresAt()));
            case ROTATED -> log.info("token {} of {} rotated: replaced by token {}", token, user,
                    event.replacedBy().map(TokenId::toString).orElse("-"));
            case REVOKED -> log.info("token {} of {} revoked by {}", token, user,
                    event.reason().map(Enum::name).orElse("-"));
            case EXPIRING_SOON -> log.info("token {} of {} expires {}: time to tell its owner", token, user,
                    when(event.expiresAt()));
            case LIMIT_REACHED -> log.info("{} has the most tokens allowed and was refused one more", user);
            case USED_FROM_NEW_ADDRESS -> log.info("token {} of {} used from {} (before: {})", token, user,
                    event.address().orElse("-"), event.previousAddress().orElse("never used"));
            default -> log.info("token {} of {}: {}", token, user, event.type());
        }
    }

    private static String when(Optional<Instant> at) {
        return at.map(Instant::toString).orElse("never");
    }
}
