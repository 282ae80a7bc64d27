package dev.patauth;

/** An administrator's view on PostgreSQL. */
class PostgresOversightTest extends OversightContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newPostgres();
    }
}
