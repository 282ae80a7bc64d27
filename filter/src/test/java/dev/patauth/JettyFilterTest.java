package dev.patauth;

/** The filter in embedded Jetty 12 (ee10). */
class JettyFilterTest extends FilterOverHttpContract {

    @Override
    ServletContainer.Kind kind() {
        return ServletContainer.Kind.JETTY;
    }
}
