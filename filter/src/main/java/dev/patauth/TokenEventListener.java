package dev.patauth;

/**
 * Hears what happens to tokens ({@link TokenEvent}): register one with
 * {@link PatAuth.Builder#eventListener(TokenEventListener)}, or name a class with a public
 * no-argument constructor in {@code patauth.events.listeners}.
 *
 * <p>Events arrive after the change committed, one at a time, in order, on patauth's own thread
 * {@code patauth-events}, never on a request's. A listener may take its time (send an email):
 * while it does, later events wait in a queue of {@value Events#QUEUE_CAPACITY}, and beyond that
 * they are dropped with a warning, so a listener that throws or blocks never slows or breaks
 * authentication. What it throws is logged and the next event is delivered.
 */
@FunctionalInterface
public interface TokenEventListener {

    /**
     * One event.
     *
     * @throws RuntimeException anything; logged at WARN, the next event is delivered
     */
    void onEvent(TokenEvent event);
}
