package dev.patauth;

/** A token's life on MariaDB. */
class MariaDbLifecycleTest extends LifecycleContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newMariaDb();
    }

    @Override
    String firstSchemaFile() {
        return "/dev/patauth/schema/mariadb.sql";
    }
}
