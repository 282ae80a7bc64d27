package dev.patauth;

/** The engine on MariaDB. */
class MariaDbEngineTest extends EngineContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newMariaDb();
    }
}
