package dev.patauth;

/** The engine on PostgreSQL. */
class PostgresEngineTest extends EngineContract {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newPostgres();
    }
}
