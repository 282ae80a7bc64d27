package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The audit trail: one JSON line per event on the logger patauth.audit, with who did what, never a token. */
class AuditLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void captureTheAuditLogger() {
        Logger logger = (Logger) LoggerFactory.getLogger("patauth.audit");
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        audit.start();
        logger.addAppender(audit);
    }

    @AfterEach
    void release() {
        Logger logger = (Logger) LoggerFactory.getLogger("patauth.audit");
        logger.detachAppender(audit);
        logger.setLevel(levelBefore);
    }

    @Test
    void everyEventIsOneJsonLineSayingWhoDidWhatToWhichToken() throws Exception {
        List<String> tokens = new ArrayList<>();
        try (PatAuth engine = PatAuth.builder().jdbcUrl(TestDatabases.newH2(), null, null)
                .lastUsedInterval(Duration.ofHours(1)).build()) {
            CreatedToken laptop = engine.create("alice", "laptop \"quoted\"\n");
            tokens.add(laptop.token());
            CreatedToken rotated = engine.rotate("alice", laptop.info().id()).orElseThrow();
            tokens.add(rotated.token());
            engine.authenticate(rotated.token(), "203.0.113.7", "curl/8.5.0");
            engine.flushLastUsed();
            engine.revokeAsAdmin(rotated.info().id(), "bob");
        }
        // closing the engine delivered every event
        List<JsonNode> lines = new ArrayList<>();
        for (ILoggingEvent event : audit.list) {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).doesNotContain("\n").doesNotContain(tokens.get(0), tokens.get(1));
            lines.add(JSON.readTree(event.getFormattedMessage()));
        }

        assertThat(lines).extracting(line -> line.get("event").asText()).containsExactly(
                "created", "rotated", "revoked", "created", "used_from_new_address", "revoked");
        JsonNode rotation = lines.get(1);
        assertThat(rotation.get("user").asText()).isEqualTo("alice");
        assertThat(rotation.get("actor").asText()).isEqualTo("alice");
        assertThat(rotation.get("replacedBy").asText()).isEqualTo(lines.get(3).get("tokenId").asText());
        assertThat(lines.get(2).get("reason").asText()).isEqualTo("rotation");
        assertThat(lines.get(4).get("address").asText()).isEqualTo("203.0.113.7");
        assertThat(lines.get(4).get("actor").isNull()).isTrue();
        JsonNode byAdmin = lines.get(5);
        assertThat(byAdmin.get("actor").asText()).isEqualTo("bob");
        assertThat(byAdmin.get("reason").asText()).isEqualTo("admin");
        assertThat(byAdmin.get("user").asText()).isEqualTo("alice");
        assertThat(byAdmin.fieldNames()).toIterable()
                .contains("event", "tokenId", "user", "actor", "reason", "address", "at");
    }

    @Test
    void withTheAuditLoggerOffNothingIsWritten() {
        ((Logger) LoggerFactory.getLogger("patauth.audit")).setLevel(Level.OFF);
        try (PatAuth engine = PatAuth.builder().jdbcUrl(TestDatabases.newH2(), null, null).build()) {
            engine.create("alice", "quiet");
        }
        // closing the engine delivered its events: none reached the logger
        assertThat(audit.list).isEmpty();
    }
}
