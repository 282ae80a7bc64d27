package dev.patauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthConfigException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/** With Actuator, the health indicator and the metrics; in a web app, the page at the chosen path. */
class PatAuthActuatorAndWebTest {

    private static String h2() {
        return "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void actuatorShowsTheEnginesHealthAndMetrics() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        PatAuthAutoConfiguration.class, PatAuthActuatorAutoConfiguration.class, MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues(h2()).run(context -> {
                    Health health = context.getBean("patauthHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("database", "up").containsEntry("invalidation", "poll");

                    PatAuth engine = context.getBean(PatAuth.class);
                    engine.authenticate(engine.create("alice", "counted").token(), "127.0.0.1");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("patauth.authentications").tag("result", "authenticated").functionCounter().count())
                            .isEqualTo(1.0);
                });
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        PatAuthAutoConfiguration.class, PatAuthActuatorAutoConfiguration.class))
                .withPropertyValues(h2(), "management.health.patauth.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("patauthHealthIndicator"));
    }

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            DataSourceAutoConfiguration.class, PatAuthAutoConfiguration.class, PatAuthWebAutoConfiguration.class));

    @Test
    void thePageIsServedWhereTheAppSays() {
        web.withPropertyValues(h2(), "patauth.web.path=/me/tokens", "patauth.admin.role=admin").run(context -> {
            ServletRegistrationBean<?> page = context.getBean("patAuthTokensServlet", ServletRegistrationBean.class);
            assertThat(page.getUrlMappings()).containsExactly("/me/tokens/*");
            assertThat(page.getInitParameters()).containsEntry("patauth.admin.role", "admin");
        });
        web.withPropertyValues(h2()).run(context -> assertThat(
                context.getBean("patAuthTokensServlet", ServletRegistrationBean.class).getUrlMappings())
                .containsExactly("/account/tokens/*"));
        web.withPropertyValues(h2(), "patauth.web.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("patAuthTokensServlet"));
    }

    @Test
    void aWrongPathStopsStartUpNamingTheKey() {
        web.withPropertyValues(h2(), "patauth.web.path=/account/tokens/*").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(PatAuthConfigException.class)
                    .hasMessageStartingWith("patauth.web.path must be a path such as /account/tokens");
        });
    }
}
