package dev.patauth;

/** {@link OutageContract} on MariaDB: a TCP proxy in front of it is cut and restored. */
class MariaDbOutageTest extends OutageContract {

    private TcpProxy proxy;

    @Override
    String startDatabase() throws Exception {
        proxy = new TcpProxy(TestDatabases.mariaDbHostAndPort());
        return TestDatabases.mariaDbViaHostAndPort(TestDatabases.newMariaDb(), proxy.hostAndPort());
    }

    @Override
    void cutDatabase() throws Exception {
        proxy.cut();
    }

    @Override
    void restoreDatabase() {
        proxy.restore();
    }

    @Override
    void closeDatabase() throws Exception {
        proxy.close();
    }
}
