package dev.patauth;

/** Two nodes sharing one H2 database. */
class H2ClusterTest extends PollingClusterContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newH2();
    }

    @Override
    int revocations() {
        return 40;
    }

    @Override
    String databaseName() {
        return "H2";
    }
}
