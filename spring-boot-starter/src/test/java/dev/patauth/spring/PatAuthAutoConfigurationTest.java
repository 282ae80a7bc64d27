package dev.patauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthConfigException;
import dev.patauth.TokenEvent;
import dev.patauth.TokenEventListener;
import dev.patauth.TokenId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What an app on Spring Boot gets from the starter: the engine from its DataSource and
 * {@code patauth.*} properties, start-up stopped with the key named, the engine closed with the
 * context, and no engine of ours beside the app's own.
 */
class PatAuthAutoConfigurationTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PatAuthAutoConfiguration.class));

    private static String h2() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void theEngineUsesTheAppsDataSourceAndProperties() {
        app.withPropertyValues("spring.datasource.url=" + h2(), "patauth.max-tokens-per-user=3",
                "patauth.scopes=read,write", "patauth.scope.read=Read your notes").run(context -> {
            assertThat(context).hasSingleBean(PatAuth.class);
            PatAuth engine = context.getBean(PatAuth.class);
            assertThat(engine.maxTokensPerUser()).isEqualTo(3);
            assertThat(engine.scopes()).extracting(scope -> scope.name() + ":" + scope.description())
                    .containsExactly("read:Read your notes", "write:");
            // the tables went into the app's database
            assertThat(engine.create("alice", "from Spring").info().name()).isEqualTo("from Spring");
            assertThat(engine.list("alice")).hasSize(1);
        });
    }

    /** An app's listener bean, as an app that emails its users would declare one. */
    @Configuration(proxyBeanMethods = false)
    static class AppWithAListener {
        static final List<TokenEvent> heard = new CopyOnWriteArrayList<>();

        @Bean
        TokenEventListener heard() {
            return heard::add;
        }
    }

    @Test
    void theAppsTokenEventListenerBeansHearTheEvents() {
        app.withUserConfiguration(AppWithAListener.class).withPropertyValues("spring.datasource.url=" + h2()).run(context -> {
            TokenId created = context.getBean(PatAuth.class).create("alice", "heard").info().id();

            await().atMost(Duration.ofSeconds(10)).until(() -> AppWithAListener.heard.stream()
                    .anyMatch(event -> event.type() == TokenEvent.Type.CREATED && event.tokenId().equals(Optional.of(created))));
        });
    }

    @Test
    void aWrongPropertyStopsStartUpNamingItsKey() {
        app.withPropertyValues("spring.datasource.url=" + h2(), "patauth.cache.ttl=five minutes").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(PatAuthConfigException.class)
                    .hasMessage("patauth.cache.ttl must be a duration such as 500ms, 30s, 5m, 1h or 1d, got 'five minutes'");
            // and Spring Boot's start-up report says that sentence, not a chain of bean errors
            FailureAnalysis analysis = new PatAuthFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo(
                    "patauth.cache.ttl must be a duration such as 500ms, 30s, 5m, 1h or 1d, got 'five minutes'");
        });
    }

    @Test
    void aKeyNoPartOfPatauthReadsStopsStartUp() {
        app.withPropertyValues("spring.datasource.url=" + h2(), "patauth.max-tokens-per-usr=3").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("patauth.max-tokens-per-usr is not a patauth setting; see the configuration table in the README");
        });
        app.withPropertyValues("spring.datasource.url=" + h2(), "patauth.scopes=read", "patauth.scope.wirte=Write").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("patauth.scope.wirte describes a scope that patauth.scopes does not declare (read)");
        });
        // the keys of the Spring integration and of the admin servlet are patauth's
        app.withPropertyValues("spring.datasource.url=" + h2(), "patauth.web.path=/me/tokens", "patauth.realm=app",
                "patauth.admin.role=admin").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void withoutADatabaseStartUpNamesTheKeys() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PatAuthAutoConfiguration.class)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(PatAuthConfigException.class)
                    .hasMessageContaining("patauth.jdbc.url");
        });
    }

    @Test
    void patauthJdbcUrlOpensItsOwnPoolClosedWithTheContext() {
        PatAuth[] started = new PatAuth[1];
        app.withPropertyValues("spring.datasource.url=" + h2(), "patauth.jdbc.url=" + h2()).run(context -> {
            started[0] = context.getBean(PatAuth.class);
            assertThat(started[0].health().databaseUp()).isTrue();
        });
        // the context has closed the engine, and with it the pool patauth opened
        assertThat(started[0].health().databaseUp()).isFalse();
    }

    @Test
    void anEngineOfTheAppsOwnIsTheOnlyOne() {
        app.withPropertyValues("spring.datasource.url=" + h2()).withUserConfiguration(OwnEngine.class).run(context -> {
            assertThat(context).hasSingleBean(PatAuth.class);
            assertThat(context.getBean(PatAuth.class).maxTokensPerUser()).isEqualTo(7);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        @Bean(destroyMethod = "close")
        PatAuth myEngine() {
            return PatAuth.builder().jdbcUrl(h2(), null, null).maxTokensPerUser(7).build();
        }
    }
}
