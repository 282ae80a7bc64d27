package dev.patauth;

/** A token's life on PostgreSQL. */
class PostgresLifecycleTest extends LifecycleContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newPostgres();
    }

    @Override
    String firstSchemaFile() {
        return "/dev/patauth/schema/postgresql.sql";
    }
}
