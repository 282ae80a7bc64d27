package dev.patauth.bench;

import dev.patauth.PatAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates real tokens through the engine and hands them to the load generators in files only
 * this user can read, in a private directory that the run deletes. Tokens are never printed.
 */
final class TokenFiles {

    private final Path directory;

    TokenFiles(Path directory) {
        this.directory = directory;
    }

    /** A private working directory (0700) for scripts and token files. */
    static Path privateDirectory() throws IOException {
        return Files.createTempDirectory("patauth-bench-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    /** Creates {@code count} tokens, ten per user (the default limit), {@code threads} creates at a time. */
    static List<String> create(PatAuth engine, int count, int threads) throws Exception {
        int perUser = engine.maxTokensPerUser();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> users = new ArrayList<>();
            for (int first = 0; first < count; first += perUser) {
                int user = first / perUser;
                int n = Math.min(perUser, count - first);
                users.add(pool.submit(() -> {
                    List<String> tokens = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        tokens.add(engine.create(String.format("bench-user-%06d", user), "bench " + i).token());
                    }
                    return tokens;
                }));
            }
            List<String> all = new ArrayList<>(count);
            for (Future<List<String>> user : users) {
                all.addAll(user.get());
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }

    Path write(String name, List<String> tokens) throws IOException {
        Path file = directory.resolve(name);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, tokens, StandardCharsets.US_ASCII);
        return file;
    }

    static void deleteDirectory(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
