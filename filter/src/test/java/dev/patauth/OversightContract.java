package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An administrator's view against a real database: every user's tokens page by page, revoke one, revoke all. */
abstract class OversightContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestClock clock = new TestClock();
    private final List<PatAuth> engines = new ArrayList<>();
    private final BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    private String url;
    private PatAuth engine;

    abstract String newDatabaseUrl();

    @BeforeEach
    void start() {
        url = newDatabaseUrl();
        engine = engine(UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        engines.forEach(PatAuth::close);
    }

    private PatAuth engine(UnaryOperator<PatAuth.Builder> settings) {
        PatAuth started = settings.apply(PatAuth.builder().jdbcUrl(url, null, null).clock(clock)
                .scope("read", "Read").scope("write", "Write").pollInterval(Duration.ofMillis(200))
                .lastUsedInterval(Duration.ofHours(1)).eventListener(events::add)).build();
        engines.add(started);
        return started;
    }

    /** Every page of the query, followed through its cursors. */
    private List<List<TokenInfo>> pages(TokenQuery query) {
        List<List<TokenInfo>> pages = new ArrayList<>();
        TokenPage page = engine.listTokens(query);
        pages.add(page.tokens());
        while (page.next().isPresent()) {
            page = engine.listTokens(query.after(page.next().get()));
            pages.add(page.tokens());
        }
        return pages;
    }

    private static List<String> names(List<List<TokenInfo>> pages) {
        return pages.stream().flatMap(List::stream).map(TokenInfo::name).toList();
    }

    @Test
    void everyActiveTokenOfEveryUserComesPageByPageNewestFirst() {
        for (int i = 1; i <= 7; i++) {
            engine.create("user-" + (i % 3), "token " + i);
            clock.advance(Duration.ofSeconds(1));
        }
        CreatedToken revoked = engine.create("user-0", "revoked");
        engine.revoke("user-0", revoked.info().id());
        engine.create("user-1", "expired", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));

        List<List<TokenInfo>> pages = pages(TokenQuery.all().limit(3));

        assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(names(pages)).containsExactly("token 7", "token 6", "token 5", "token 4", "token 3", "token 2", "token 1");
        assertThat(pages.get(0).get(0).user()).isEqualTo("user-1");
    }

    @Test
    void eachFilterNarrowsTheListAndKeepsItsOwnOrder() {
        engine.create("alice", NewToken.named("alice read").scopes(Set.of("read")));
        engine.create("alice", NewToken.named("alice write").scopes(Set.of("write")).validFor(Duration.ofDays(5)));
        CreatedToken used = engine.create("bob", NewToken.named("bob both").validFor(Duration.ofDays(2)));
        engine.create("bob", NewToken.named("bob later").scopes(Set.of("read")).validFor(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(1));
        assertThat(Presented.principalOf(engine, used.token())).isPresent();
        engine.flushLastUsed();

        assertThat(names(pages(TokenQuery.all().user("alice")))).containsExactly("alice write", "alice read");
        assertThat(names(pages(TokenQuery.all().expiringWithin(Duration.ofDays(7)))))
                .containsExactly("bob both", "alice write");
        assertThat(names(pages(TokenQuery.all().unusedFor(Duration.ofHours(12)).limit(1))))
                .containsExactlyInAnyOrder("alice read", "alice write", "bob later");
        assertThat(names(pages(TokenQuery.all().scope("write")))).containsExactlyInAnyOrder("bob both", "alice write");
        assertThat(names(pages(TokenQuery.all().user("bob").scope("read").expiringWithin(Duration.ofDays(60)))))
                .containsExactly("bob both", "bob later");
    }

    @Test
    void aCursorOfOtherFiltersOrNotOursIsRefused() {
        for (int i = 0; i < 3; i++) {
            engine.create("alice", "token " + i);
        }
        String next = engine.listTokens(TokenQuery.all().limit(1)).next().orElseThrow();

        assertThatThrownBy(() -> engine.listTokens(TokenQuery.all().unusedFor(Duration.ZERO).after(next)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start again without it");
        assertThatThrownBy(() -> engine.listTokens(TokenQuery.all().after("not a cursor")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not a cursor");
        assertThatThrownBy(() -> engine.listTokens(TokenQuery.all().scope("admin")))
                .isInstanceOf(InvalidScopeException.class);
        assertThatThrownBy(() -> TokenQuery.all().limit(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAdministratorRevokesAnyonesTokenAndTheEventSaysWho() {
        CreatedToken alices = engine.create("alice", "laptop");

        Optional<TokenInfo> revoked = engine.revokeAsAdmin(alices.info().id(), "bob");

        assertThat(revoked).map(TokenInfo::user).hasValue("alice");
        assertThat(Presented.principalOf(engine, alices.token())).isEmpty();
        assertThat(engine.revokeAsAdmin(alices.info().id(), "bob")).isEmpty();
        await().atMost(WAIT).until(() -> events.stream().anyMatch(event -> event.type() == TokenEvent.Type.REVOKED));
        TokenEvent event = events.stream().filter(e -> e.type() == TokenEvent.Type.REVOKED).findFirst().orElseThrow();
        assertThat(event.user()).isEqualTo("alice");
        assertThat(event.actor()).hasValue("bob");
        assertThat(event.reason()).hasValue(RevocationReason.ADMIN);
        assertThat(events.stream().filter(e -> e.type() == TokenEvent.Type.CREATED).findFirst().orElseThrow().actor())
                .hasValue("alice");
    }

    @Test
    void revokeAllRefusesEveryTokenOfTheUserOnEveryNode() {
        PatAuth other = engine(UnaryOperator.identity());
        List<String> alices = List.of(engine.create("alice", "one").token(), engine.create("alice", "two").token(),
                engine.create("alice", "three").token());
        String bobs = engine.create("bob", "kept").token();
        for (String token : alices) {
            assertThat(Presented.principalOf(other, token)).isPresent();
        }

        assertThat(engine.revokeAll("alice", "carol")).isEqualTo(3);

        for (String token : alices) {
            assertThat(Presented.principalOf(engine, token)).isEmpty();
            await().atMost(WAIT).until(() -> Presented.principalOf(other, token).isEmpty());
        }
        assertThat(Presented.principalOf(other, bobs)).isPresent();
        assertThat(engine.list("alice")).isEmpty();
        assertThat(engine.revokeAll("alice", "carol")).isZero();
        await().atMost(WAIT).until(() -> events.stream().filter(e -> e.type() == TokenEvent.Type.REVOKED
                && e.actor().equals(Optional.of("carol"))).count() == 3);
    }
}
