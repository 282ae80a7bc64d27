package dev.patauth.spring;

import dev.patauth.PatAuth;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The patauth engine of a Spring Boot app: built from the {@code patauth.*} properties (the keys,
 * values and checks of the README's configuration table, as for context-params) and the app's
 * {@link DataSource}, closed when the context closes. A wrong or missing value stops start-up
 * with the key named. An app that defines its own {@link PatAuth} bean gets no second one.
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
     * The engine, from the app's properties and DataSource; Spring closes it on shutdown.
     *
     * @throws dev.patauth.PatAuthConfigException naming the key, when a value is wrong or the database is missing
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PatAuth patAuth(Environment environment, ObjectProvider<DataSource> dataSource) {
        PatAuth.Builder builder = PatAuth.builder(environment::getProperty);
        if (isBlank(environment.getProperty("patauth.jdbc.url")) && isBlank(environment.getProperty("patauth.datasource"))) {
            // the app's own DataSource; without one, build() refuses naming both keys
            dataSource.ifUnique(builder::dataSource);
        }
        return builder.build();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
