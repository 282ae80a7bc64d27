package dev.patauth.spring;

import dev.patauth.PatAuth;
import dev.patauth.PatAuthConfigException;
import dev.patauth.admin.TokenAdminServlet;
import dev.patauth.servlet.PatAuthListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;

/**
 * The Auth Tokens page and its API ({@link TokenAdminServlet}) in a Spring Boot web app, at
 * {@code patauth.web.path} (default {@value #DEFAULT_PATH}); {@code patauth.web.enabled=false}
 * leaves them out. The servlet reads {@code patauth.admin.role} and
 * {@code patauth.admin.allow-create-with-token} from the app's properties. The app's own
 * security rules decide who reaches the path: its login for the page and the API, none for
 * {@code api/revoke-leaked}.
 */
@AutoConfiguration(after = PatAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({TokenAdminServlet.class, ServletRegistrationBean.class})
@ConditionalOnBean(PatAuth.class)
@ConditionalOnProperty(name = "patauth.web.enabled", havingValue = "true", matchIfMissing = true)
public class PatAuthWebAutoConfiguration {

    /** Where the page is served unless {@code patauth.web.path} says otherwise. */
    public static final String DEFAULT_PATH = "/account/tokens";

    static final String PATH_KEY = "patauth.web.path";

    /** Read by Spring Boot; the beans are made by its methods. */
    public PatAuthWebAutoConfiguration() {
    }

    /**
     * {@code patauth.web.path}: a path such as {@code /account/tokens}, without a trailing slash.
     *
     * @throws PatAuthConfigException naming the key, when it is not such a path
     */
    public static String tokensPath(PropertyResolver properties) {
        String path = properties.getProperty(PATH_KEY, DEFAULT_PATH).trim();
        if (!path.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new PatAuthConfigException(PATH_KEY + " must be a path such as " + DEFAULT_PATH
                    + ", without a trailing slash or wildcards, got '" + path + "'");
        }
        return path;
    }

    /** Publishes the engine where the servlet finds it, as {@link PatAuthListener} does in web.xml. */
    @Bean
    public ServletContextInitializer patAuthEngineAttribute(PatAuth engine) {
        return context -> context.setAttribute(PatAuthListener.ENGINE_ATTRIBUTE, engine);
    }

    /** The page and its API at {@code patauth.web.path}. */
    @Bean
    @ConditionalOnMissingBean(name = "patAuthTokensServlet")
    public ServletRegistrationBean<AuthTokensServlet> patAuthTokensServlet(Environment environment) {
        ServletRegistrationBean<AuthTokensServlet> registration =
                new ServletRegistrationBean<>(new AuthTokensServlet(), tokensPath(environment) + "/*");
        registration.setName("patauthTokens");
        for (String key : new String[] {TokenAdminServlet.ADMIN_ROLE, TokenAdminServlet.ALLOW_CREATE_WITH_TOKEN}) {
            String value = environment.getProperty(key);
            if (value != null) {
                registration.addInitParameter(key, value);
            }
        }
        return registration;
    }
}
