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

    /** The listener of web.xml; throws nothing. */
    public PatAuthListener() {
    }

    /**
     * The engine published in this webapp, for the filter, the admin servlet and the app's own
     * code.
     *
     * @param context the webapp's context
     * @return the engine published under {@link #ENGINE_ATTRIBUTE}
     * @throws IllegalStateException when the webapp has no engine: the listener is missing, or
     *                               comes after the filter or servlet that asks
     * @throws NullPointerException  when {@code context} is null
     */
    public static PatAuth engine(ServletContext context) {
        if (context.getAttribute(ENGINE_ATTRIBUTE) instanceof PatAuth engine) {
            return engine;
        }
        throw new IllegalStateException("This webapp has no patauth engine: add " + PatAuthListener.class.getName()
                + " to web.xml before the patauth filter and servlet");
    }

    /**
     * Builds the engine from the context-params and publishes it. The container reports what
     * this throws as a failure to start, and the webapp is not deployed.
     *
     * @throws dev.patauth.PatAuthConfigException naming the key, when a context-param under
     *         {@code patauth.} belongs to no part of patauth, or as
     *         {@link PatAuth#builder(java.util.function.Function)} and
     *         {@link PatAuth.Builder#build()} (a wrong or missing setting, a database that
     *         cannot be reached or does not suit a setting)
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        WebSettings.requireKnown(Collections.list(context.getInitParameterNames()), context::getInitParameter);
        context.setAttribute(ENGINE_ATTRIBUTE, PatAuth.builder(context::getInitParameter).build());
    }

    /** Unpublishes and closes the engine (see {@link PatAuth#close()}); throws nothing. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(ENGINE_ATTRIBUTE) instanceof PatAuth engine) {
            context.removeAttribute(ENGINE_ATTRIBUTE);
            engine.close();
        }
    }
}
