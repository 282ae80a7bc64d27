package dev.patauth;

/** Two nodes sharing one MariaDB database: patauth.invalidation=auto polls there (MariaDB has no NOTIFY). */
class MariaDbClusterTest extends PollingClusterContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newMariaDb();
    }

    @Override
    int revocations() {
        return 20;
    }

    @Override
    String databaseName() {
        return "MariaDB";
    }
}
