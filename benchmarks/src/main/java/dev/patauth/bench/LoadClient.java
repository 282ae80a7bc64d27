package dev.patauth.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load generator for runs that must send an exact number of requests (the floods), started
 * as a separate process. Plain HTTP/1.1 over keep-alive sockets; request i carries token
 * {@code i mod n} of the token file. With a per-address limit it rotates the source address
 * through 127.1.0.0/16 (all loopback on Linux), as a flood from many hosts would, so that a
 * per-address throttle does not hide what the database sees.
 *
 * <p>Arguments: port path tokenFile requests threads perAddress (0: all from 127.0.0.1)
 * [passLength]. Prints one line: {@code RESULT requests=… millis=… ioErrors=… status.401=… …}.
 * With a passLength (the cold-node run), every thread opens its connection first and all start
 * together on a barrier; each request's latency (send to last byte of the response) and
 * completion time are kept, and the line adds latency percentiles in µs for the whole run
 * ({@code p50 p90 p99 max}) and for the first passLength requests handed out
 * ({@code first.p50 …}), the time the last of those completed ({@code firstPassMillis}), and
 * the {@code System.nanoTime()} at the start ({@code startNanos}: on Linux the same monotonic
 * clock in every process, so the server can put its own samples on the client's time line).
 */
public final class LoadClient {

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        List<String> tokens = Files.readAllLines(Path.of(args[2]), StandardCharsets.US_ASCII);
        int total = Integer.parseInt(args[3]);
        int threadCount = Integer.parseInt(args[4]);
        int perAddress = Integer.parseInt(args[5]);
        int passLength = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        boolean timed = passLength > 0;
        long[] latencyNanos = timed ? new long[total] : null;
        long[] doneNanos = timed ? new long[total] : null;
        java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(threadCount + 1);

        AtomicInteger nextRequest = new AtomicInteger();
        AtomicInteger nextAddress = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder ioErrors = new LongAdder();
        long start = System.nanoTime();
        Thread[] threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++) {
            threads[t] = new Thread(() -> {
                Connection connection = null;
                int onThisAddress = 0;
                if (timed) {
                    try {
                        connection = new Connection(port, InetAddress.getLoopbackAddress());
                    } catch (IOException e) {
                        ioErrors.increment();
                    }
                    await(ready);
                }
                for (int i = nextRequest.getAndIncrement(); i < total; i = nextRequest.getAndIncrement()) {
                    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                            + tokens.get(i % tokens.size()) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    try {
                        if (connection != null && perAddress > 0 && onThisAddress >= perAddress) {
                            connection.close();
                            connection = null;
                        }
                        if (connection == null) {
                            InetAddress source = perAddress > 0 ? sourceAddress(nextAddress.getAndIncrement())
                                    : InetAddress.getLoopbackAddress();
                            connection = new Connection(port, source);
                            onThisAddress = 0;
                        }
                        long sent = System.nanoTime();
                        int status = connection.exchange(request);
                        if (timed) {
                            long done = System.nanoTime();
                            latencyNanos[i] = done - sent;
                            doneNanos[i] = done;
                        }
                        onThisAddress++;
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        if (connection.closedByServer) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        ioErrors.increment();
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                }
                if (connection != null) {
                    connection.close();
                }
            }, "load-" + t);
            threads[t].start();
        }
        if (timed) {
            // every thread has its connection: the clock starts as they are let go
            await(ready);
            start = System.nanoTime();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "RESULT requests=%d millis=%d ioErrors=%d addresses=%d",
                total, millis, ioErrors.sum(), perAddress > 0 ? nextAddress.get() : 1));
        new TreeMap<>(statuses).forEach((status, count) -> line.append(" status.").append(status).append('=').append(count.sum()));
        if (timed) {
            line.append(" startNanos=").append(start);
            percentiles(line, "", latencyNanos, 0, total);
            percentiles(line, "first.", latencyNanos, 0, Math.min(passLength, total));
            long firstPassDone = 0;
            for (int i = 0; i < Math.min(passLength, total); i++) {
                firstPassDone = Math.max(firstPassDone, doneNanos[i]);
            }
            line.append(" firstPassMillis=").append((firstPassDone - start) / 1_000_000);
        }
        // standard output is this process's answer to runProcess, which parses the RESULT line
        System.out.println(line);
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nearest-rank p50, p90, p99 and the maximum of {@code nanos[from, to)}, in µs, as {@code prefix}p50=… fields. */
    private static void percentiles(StringBuilder line, String prefix, long[] nanos, int from, int to) {
        long[] sorted = java.util.Arrays.copyOfRange(nanos, from, to);
        java.util.Arrays.sort(sorted);
        for (double p : new double[] {50, 90, 99}) {
            int index = Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1));
            line.append(' ').append(prefix).append('p').append((int) p).append('=').append(sorted[index] / 1000);
        }
        line.append(' ').append(prefix).append("max=").append(sorted[sorted.length - 1] / 1000);
    }

    /** Runs the client in a JVM of its own and returns the fields of its RESULT line. */
    static Map<String, String> runProcess(int port, String path, Path tokens, int requests, int threads, int perAddress)
            throws IOException, InterruptedException {
        return runProcess(port, path, tokens, requests, threads, perAddress, 0);
    }

    /** As above; a {@code passLength} above 0 starts all threads together and adds the latency fields. */
    static Map<String, String> runProcess(int port, String path, Path tokens, int requests, int threads, int perAddress,
                                          int passLength) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LoadClient.class.getName(),
                Integer.toString(port), path, tokens.toString(), Integer.toString(requests), Integer.toString(threads),
                Integer.toString(perAddress), Integer.toString(passLength)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the load client printed no RESULT (exit " + exit + "):\n" + out));
        Map<String, String> fields = new TreeMap<>();
        for (String field : line.substring("RESULT ".length()).trim().split(" ")) {
            String[] kv = field.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return fields;
    }

    private static InetAddress sourceAddress(int n) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 1, (byte) (n >> 8), (byte) n});
    }

    /** One keep-alive connection that sends a request and reads the whole response. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        boolean closedByServer;

        Connection(int port, InetAddress source) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("no HTTP response");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            for (String header = readLine(); header != null && !header.isEmpty(); header = readLine()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring("content-length:".length()).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closedByServer = true;
                } else if (lower.startsWith("transfer-encoding:")) {
                    throw new IOException("chunked responses are not expected here");
                }
            }
            if (length < 0) {
                throw new IOException("a response without Content-Length");
            }
            in.skipNBytes(length);
            return status;
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            return null;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
