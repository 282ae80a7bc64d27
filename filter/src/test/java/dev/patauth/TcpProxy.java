package dev.patauth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between patauth and its real database, so a test can make the database
 * unreachable (refused connections, broken open ones) and reachable again on the same port.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private volatile boolean down;

    TcpProxy(String targetHostAndPort) throws IOException {
        int colon = targetHostAndPort.lastIndexOf(':');
        this.targetHost = targetHostAndPort.substring(0, colon);
        this.targetPort = Integer.parseInt(targetHostAndPort.substring(colon + 1));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        accept(server);
    }

    String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /**
     * The database becomes unreachable: open connections break and new ones are closed as soon
     * as they are accepted. The port stays bound, so no other socket can take it meanwhile.
     */
    synchronized void cut() throws IOException {
        down = true;
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** The database is reachable again, on the same port. */
    synchronized void restore() {
        down = false;
    }

    private void accept(ServerSocket serverSocket) {
        Thread acceptor = new Thread(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket client = serverSocket.accept();
                    connect(client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private synchronized void connect(Socket client) throws IOException {
        if (down) {
            client.close();
            return;
        }
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException broken) {
                // the other side closed, or the test cut the connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
