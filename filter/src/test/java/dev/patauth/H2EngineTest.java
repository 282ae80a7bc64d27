package dev.patauth;

/** The engine on embedded H2. */
class H2EngineTest extends EngineContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newH2();
    }
}
