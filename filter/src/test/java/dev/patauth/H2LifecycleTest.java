package dev.patauth;

/** A token's life on embedded H2. */
class H2LifecycleTest extends LifecycleContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newH2();
    }

    @Override
    String firstSchemaFile() {
        return "/dev/patauth/schema/h2.sql";
    }
}
