package dev.patauth;

/** The filter in embedded Tomcat 11. */
class TomcatFilterTest extends FilterOverHttpContract {

    @Override
    ServletContainer.Kind kind() {
        return ServletContainer.Kind.TOMCAT;
    }
}
