package dev.patauth;

/** An administrator's view on embedded H2. */
class H2OversightTest extends OversightContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newH2();
    }
}
