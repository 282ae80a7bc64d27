package dev.patauth;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Builds the webapp's one {@link PatAuth} from its {@code patauth.*} context-params when the
 * webapp starts, publishes it as {@link PatAuth#CONTEXT_ATTRIBUTE}, and closes it on stop.
 * A wrong or missing setting stops the deployment with a sentence naming the key.
 */
public class PatAuthListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.of(context::getInitParameter, context.getInitParameterNames());
        context.setAttribute(PatAuth.CONTEXT_ATTRIBUTE, settings.toBuilder().build());
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
