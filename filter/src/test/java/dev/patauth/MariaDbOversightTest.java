package dev.patauth;

/** An administrator's view on MariaDB. */
class MariaDbOversightTest extends OversightContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newMariaDb();
    }
}
