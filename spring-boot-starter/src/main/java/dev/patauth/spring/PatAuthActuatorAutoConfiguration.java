package dev.patauth.spring;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthHealth;
import dev.patauth.metrics.PatAuthMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator: the {@code patauth} health indicator ({@link PatAuth#health()}: down when the
 * database does not answer or other nodes' revocations do not reach this node;
 * {@code management.health.patauth.enabled=false} leaves it out), and with Micrometer the
 * engine's metrics ({@link PatAuthMetrics}), which Spring Boot binds to the app's registries.
 */
@AutoConfiguration(after = PatAuthAutoConfiguration.class)
@ConditionalOnBean(PatAuth.class)
public class PatAuthActuatorAutoConfiguration {

    /** Read by Spring Boot; the beans are made by its nested classes. */
    public PatAuthActuatorAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("patauth")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "patauthHealthIndicator")
        HealthIndicator patauthHealthIndicator(PatAuth engine) {
            return () -> {
                PatAuthHealth health = engine.health();
                Health.Builder builder = health.isHealthy() ? Health.up() : Health.down();
                builder.withDetail("database", health.databaseUp() ? "up" : "down")
                        .withDetail("invalidation", health.invalidation().name().toLowerCase(java.util.Locale.ROOT))
                        .withDetail("listenerConnected", health.listenerConnected());
                health.listenerConnectedSince().ifPresent(since -> builder.withDetail("listenerConnectedSince", since.toString()));
                return builder.build();
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PatAuthMetrics patAuthMetrics(PatAuth engine) {
            return new PatAuthMetrics(engine);
        }
    }
}
