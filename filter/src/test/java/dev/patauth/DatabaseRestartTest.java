package dev.patauth;

/** {@link OutageContract} on PostgreSQL: the server itself stops and starts again. */
class DatabaseRestartTest extends OutageContract {

    private PostgresServer postgres;

    @Override
    String startDatabase() throws Exception {
        postgres = PostgresServer.start();
        return postgres.url();
    }

    @Override
    void cutDatabase() throws Exception {
        postgres.stop();
    }

    @Override
    void restoreDatabase() throws Exception {
        postgres.startAgain();
    }

    @Override
    void closeDatabase() throws Exception {
        postgres.close();
    }
}
