package dev.patauth.spring;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthConfigException;
import dev.patauth.TokenEventListener;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The patauth engine of a Spring Boot app: built from the {@code patauth.*} properties (the keys,
 * values and checks of the README's configuration table, as for context-params) and the app's
 * {@link DataSource}, closed when the context closes. A wrong or missing value stops start-up
 * with the key named. An app that defines its own {@link PatAuth} bean gets no second one.
 *
 * <p>A {@code patauth.*} property that no part of patauth reads stops start-up too, naming it.
 *
 * <p>The database: {@code patauth.jdbc.url} when set (patauth opens its own pool), otherwise the
 * app's {@code DataSource} bean. With neither, start-up fails naming {@code patauth.jdbc.url}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(PatAuth.class)
public class PatAuthAutoConfiguration {

    /** Read by Spring Boot; the beans are made by its methods. */
    public PatAuthAutoConfiguration() {
    }

    /**
     * The engine, from the app's properties and DataSource, with every {@link TokenEventListener}
     * bean of the app as a listener (in their order); Spring closes it on shutdown.
     *
     * @throws dev.patauth.PatAuthConfigException naming the key, when a value is wrong or the database is missing
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PatAuth patAuth(Environment environment, ObjectProvider<DataSource> dataSource,
                           ObjectProvider<TokenEventListener> listeners) {
        requireKnown(environment);
        PatAuth.Builder builder = PatAuth.builder(environment::getProperty);
        listeners.orderedStream().forEach(builder::eventListener);
        if (isBlank(environment.getProperty("patauth.jdbc.url")) && isBlank(environment.getProperty("patauth.datasource"))) {
            // the app's own DataSource; without one, build() refuses naming both keys
            dataSource.ifUnique(builder::dataSource);
        }
        return builder.build();
    }

    /** The keys of the Spring integration itself, besides the engine's and the admin servlet's. */
    private static final Set<String> SPRING_KEYS = Set.of("patauth.web.path", "patauth.web.enabled", "patauth.realm");

    /**
     * Refuses a {@code patauth.*} property that no part of patauth reads (a typo would otherwise
     * be ignored in silence), and the description of a scope that {@code patauth.scopes} does not
     * declare, as the web.xml integration does; in the app's own property sources
     * ({@code application.properties}, YAML, the command line), not in system properties or
     * environment variables, whose values are read but whose names are not checked.
     */
    static void requireKnown(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            // the JVM's system properties and the environment hold other programs' settings too
            // (such as the tests' -Dpatauth.test.log): their names are not checked, only read
            if (!(source instanceof EnumerablePropertySource<?> names)
                    || StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(source.getName())
                    || StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())) {
                continue;
            }
            for (String name : names.getPropertyNames()) {
                if (!name.startsWith("patauth.")) {
                    continue;
                }
                if (!PatAuth.isSettingKey(name) && !SPRING_KEYS.contains(name) && !name.startsWith("patauth.admin.")) {
                    throw new PatAuthConfigException(name + " is not a patauth setting; see the configuration table in the README"
                            + (name.contains("[") ? " (lists such as patauth.scopes are written comma-separated)" : ""));
                }
                PatAuth.requireDeclaredScope(name, environment::getProperty);
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
