package dev.patauth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail every engine keeps: one JSON line per {@link TokenEvent} at INFO on the slf4j
 * logger {@value #LOGGER}, with {@code event}, {@code tokenId}, {@code user}, {@code actor},
 * {@code reason}, {@code address} and {@code at} (null when an event has none), and
 * {@code replacedBy} for a rotation. Never a token or its hash: events hold neither. Route the
 * logger to a file or a collector of its own in the app's logging configuration, or turn it off
 * there; while INFO is off for it, it costs one check per event.
 */
final class AuditLog implements TokenEventListener {

    static final String LOGGER = "patauth.audit";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void onEvent(TokenEvent event) {
        if (log.isInfoEnabled()) {
            log.info(line(event));
        }
    }

    /** The event as one line of JSON. */
    static String line(TokenEvent event) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("event", event.type().name().toLowerCase(Locale.ROOT));
            json.writeStringField("tokenId", event.tokenId().map(TokenId::toString).orElse(null));
            json.writeStringField("user", event.user());
            json.writeStringField("actor", event.actor().orElse(null));
            json.writeStringField("reason", event.reason().map(reason -> reason.name().toLowerCase(Locale.ROOT)).orElse(null));
            json.writeStringField("address", event.address().orElse(null));
            json.writeStringField("at", event.at().toString());
            Optional<TokenId> replacedBy = event.replacedBy();
            if (replacedBy.isPresent()) {
                json.writeStringField("replacedBy", replacedBy.get().toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }
}
