package dev.patauth;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Collections;

/**
 * Builds the webapp's one {@link PatAuth} from its {@code patauth.*} context-params when the
 * webapp starts, publishes it as {@link PatAuth#CONTEXT_ATTRIBUTE}, and closes it on stop.
 * A wrong or missing setting, or a {@code patauth.*} key that no part of patauth reads, stops
 * the deployment with a sentence naming the key.
 */
public class PatAuthListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        WebSettings.requireKnown(Collections.list(context.getInitParameterNames()));
        context.setAttribute(PatAuth.CONTEXT_ATTRIBUTE, Settings.toBuilder(context::getInitParameter).build());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(PatAuth.CONTEXT_ATTRIBUTE) instanceof PatAuth engine) {
            context.removeAttribute(PatAuth.CONTEXT_ATTRIBUTE);
            engine.close();
        }
    }
}
