package dev.patauth.servlet;

import dev.patauth.PatAuth;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Collections;

/**
 * Builds the webapp's one {@link PatAuth} from its {@code patauth.*} context-params when the
 * webapp starts, publishes it as {@link #ENGINE_ATTRIBUTE}, and closes it on stop. A wrong or
 * missing setting, or a {@code patauth.*} key that no part of patauth reads, stops the
 * deployment with a sentence naming the key.
 */
public final class PatAuthListener implements ServletContextListener {

    /** The ServletContext attribute under which the webapp's engine is published. */
    public static final String ENGINE_ATTRIBUTE = PatAuth.class.getName();

    /**
     * The engine published in this webapp, for the filter, the admin servlet and the app's own
     * code.
     *
     * @throws IllegalStateException when the webapp has no engine: the listener is missing, or
     *                               comes after the filter or servlet that asks
     */
    public static PatAuth engine(ServletContext context) {
        if (context.getAttribute(ENGINE_ATTRIBUTE) instanceof PatAuth engine) {
            return engine;
        }
        throw new IllegalStateException("This webapp has no patauth engine: add " + PatAuthListener.class.getName()
                + " to web.xml before the patauth filter and servlet");
    }

    /** @throws dev.patauth.PatAuthConfigException when a setting is wrong or unknown, naming its key */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        WebSettings.requireKnown(Collections.list(context.getInitParameterNames()));
        context.setAttribute(ENGINE_ATTRIBUTE, PatAuth.builder(context::getInitParameter).build());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(ENGINE_ATTRIBUTE) instanceof PatAuth engine) {
            context.removeAttribute(ENGINE_ATTRIBUTE);
            engine.close();
        }
    }
}
