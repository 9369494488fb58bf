package dev.orchestrators.localservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on this machine, started from the server binaries the machine has: those on
 * {@code PATH}, those {@code pg_config --bindir} names, or Debian's versioned directory
 * ({@code /usr/lib/postgresql/<version>/bin}, package {@code postgresql-15}). For tests, the bench and
 * {@code demo --real}; not a way to run production databases.
 *
 * <p>PostgreSQL refuses to run as root: under root the cluster's directory is given to an unprivileged user
 * ({@code postgres} where it exists, else {@code nobody}) and every server process runs as that user through
 * {@code setpriv}, which execs, so {@link #pid()} is the postmaster itself and the fault methods
 * ({@link #kill()}, {@link #pause()}) reach it and its backends.
 *
 * <p>The cluster listens on 127.0.0.1 on a free port, has a superuser {@value #USER} whose password is in
 * {@link #passwordFile()} (password authentication over TCP, so clients exercise their secrets), and keeps
 * {@code fsync} off: a killed process loses nothing the OS has, and tests run faster. Not thread-safe: one owner
 * starts, faults and closes it.
 */
public final class LocalPostgres implements AutoCloseable {
    /** The superuser tests connect as. */
    public static final String USER = "orchestrator";
    /** The database created with the cluster. */
    public static final String DATABASE = "orchestrator";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path directory;
    private final int port;
    private final String runAs;
    private Process server;
    private boolean temporary;

    private LocalPostgres(Path binaries, Path directory, int port, String runAs) {
        this.binaries = binaries;
        this.directory = directory;
        this.port = port;
        this.runAs = runAs;
    }

    /** The directory with {@code initdb} and {@code postgres}, if this machine has one. */
    public static Optional<Path> findBinaries() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(dir));
            }
        }
        pgConfigBindir().ifPresent(candidates::add);
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.comparing(LocalPostgres::versionOf).reversed())
                        .forEach(v -> candidates.add(v.resolve("bin")));
            } catch (IOException ignored) {
                // an unreadable directory is a directory without binaries
            }
        }
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres")))
                .map(LocalPostgres::realDirectory)
                .filter(dir -> Files.isExecutable(dir.resolve("createdb")))
                .findFirst();
    }

    /** The directory the server binary really lives in (a link on PATH points into the version's own directory). */
    private static Path realDirectory(Path dir) {
        try {
            return dir.resolve("postgres").toRealPath().getParent();
        } catch (IOException e) {
            return dir;
        }
    }

    /** Why no server can start here, or empty when one can. */
    public static Optional<String> unavailableReason() {
        return findBinaries().isPresent() ? Optional.empty() : Optional.of("no PostgreSQL server binaries (initdb, postgres) "
                + "on PATH, from pg_config or in /usr/lib/postgresql/<version>/bin: install Debian's postgresql-15 package "
                + "(apt-get install postgresql-15)");
    }

    /**
     * Creates a cluster in {@code directory} (when it has none) and starts it.
     *
     * @throws IllegalStateException with {@link #unavailableReason()} when the machine has no server binaries,
     *                               or with the server's log when it does not start
     */
    public static LocalPostgres start(Path directory) {
        Path bin = findBinaries().orElseThrow(() -> new IllegalStateException(unavailableReason().orElseThrow()));
        try {
            Files.createDirectories(directory);
            LocalPostgres pg = new LocalPostgres(bin, directory.toAbsolutePath(), freePort(), isRoot() ? unprivilegedUser() : null);
            boolean fresh = !Files.exists(pg.dataDir().resolve("PG_VERSION"));
            if (fresh) {
                pg.initialise();
            }
            pg.startServer();
            if (fresh) {
                pg.createDatabase();
            }
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL in " + directory, e);
        }
    }

    /** Starts a cluster in a new temporary directory, which {@link #close()} deletes. */
    public static LocalPostgres startTemporary() {
        try {
            LocalPostgres pg = start(Files.createTempDirectory("local-postgres-"));
            pg.temporary = true;
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /** A file holding {@value #USER}'s password, for a {@code file:} secret reference. */
    public Path passwordFile() {
        return directory.resolve("password");
    }

    /** {@value #USER}'s password. */
    public String password() {
        try {
            return Files.readString(passwordFile(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The postmaster's process id. */
    public long pid() {
        return server.pid();
    }

    /** Whether the server process is alive. */
    public boolean isRunning() {
        return server != null && server.isAlive();
    }

    /** SIGKILL of the postmaster and every backend, as a crash of the database machine would. */
    public void kill() {
        ProcessHandle handle = server.toHandle();
        List<ProcessHandle> all = new ArrayList<>(handle.descendants().toList());
        handle.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        waitFor(() -> !handle.isAlive() && all.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(30), "PostgreSQL to die");
    }

    /** Starts the server again on the same port and data (after {@link #kill()} or {@link #stop()}); crash recovery runs. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("PostgreSQL is still running (pid " + pid() + ")");
        }
        startServer();
    }

    /** SIGSTOP of the postmaster and every backend: connections stay open and nothing answers. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** A clean shutdown (SIGTERM: smart shutdown waits for clients, so SIGINT: fast shutdown). */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        run(List.of("kill", "-INT", Long.toString(pid())));
        try {
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Stops the server; the directory stays, unless {@link #startTemporary()} made it. */
    @Override
    public void close() {
        if (isRunning()) {
            resume();
            stop();
        }
        if (temporary) {
            try (Stream<Path> all = Files.walk(directory)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the temporary cluster in " + directory, e);
            }
        }
    }

    /** The server's log so far. */
    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile() + ": " + e + ")";
        }
    }

    private Path dataDir() {
        return directory.resolve("data");
    }

    private Path logFile() {
        return directory.resolve("postgres.log");
    }

    private void initialise() throws IOException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        Files.writeString(passwordFile(), HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(dataDir());
        Files.createDirectories(directory.resolve("socket"));
        if (runAs != null) {
            requireTraversable(directory.getParent());
            giveTo(runAs, directory);
        }
        Files.setPosixFilePermissions(dataDir(), PosixFilePermissions.fromString("rwx------"));
        List<String> initdb = new ArrayList<>(List.of(binaries.resolve("initdb").toString(), "-D", dataDir().toString(),
                "-U", USER, "--pwfile=" + passwordFile(), "--auth-local=trust", "--auth-host=scram-sha-256",
                "--encoding=UTF8", "--locale=C", "--no-sync"));
        int exit = run(asServerUser(initdb));
        if (exit != 0) {
            throw new IllegalStateException("initdb failed with exit code " + exit + " in " + dataDir() + "; its output:\n" + log());
        }
        Files.writeString(dataDir().resolve("postgresql.auto.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "fsync = off",
                "full_page_writes = off",
                "max_connections = 200",
                "shared_buffers = 64MB",
                "unix_socket_directories = '" + directory.resolve("socket") + "'",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private void createDatabase() {
        int exit = run(asServerUser(List.of(binaries.resolve("createdb").toString(), "-h", directory.resolve("socket").toString(),
                "-p", Integer.toString(port), "-U", USER, DATABASE)));
        if (exit != 0) {
            throw new IllegalStateException("createdb " + DATABASE + " failed with exit code " + exit + "; the log:\n" + log());
        }
    }

    private void startServer() {
        List<String> command = asServerUser(List.of(binaries.resolve("postgres").toString(), "-D", dataDir().toString(),
                "-p", Integer.toString(port)));
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!accepts()) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("PostgreSQL did not start on port " + port + "; its log:\n" + log());
            }
            sleep(Duration.ofMillis(50));
        }
    }

    /** Accepting TCP connections and past recovery ("ready to accept connections" in the log). */
    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            return false;
        }
        String log = log();
        int lastStart = log.lastIndexOf("starting PostgreSQL");
        return log.indexOf("database system is ready to accept connections", Math.max(0, lastStart)) >= 0;
    }

    private List<String> asServerUser(List<String> command) {
        if (runAs == null) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + runAs, "--regid=" + runAs, "--init-groups",
                "--reset-env", "--"));
        out.addAll(command);
        return out;
    }

    private void signal(String signal) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(pid())));
        server.toHandle().descendants().forEach(p -> command.add(Long.toString(p.pid())));
        run(command);
    }

    private int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static void giveTo(String user, Path root) throws IOException {
        UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, owner);
            }
        }
        // Every directory above must be traversable by the server's user (a temporary directory is).
    }

    /**
     * Under root the server runs as another user, which must be able to enter every directory above the cluster's:
     * a directory made by {@code Files.createTempDirectory} (mode 700) is not, so say which one and what to do.
     */
    private void requireTraversable(Path parent) throws IOException {
        for (Path p = parent; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("PostgreSQL runs as user " + runAs + " (it refuses to run as root), which cannot "
                        + "enter " + p + ": make it traversable (chmod o+x " + p + ") or start the cluster elsewhere");
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String unprivilegedUser() {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            return "postgres";
        } catch (IOException e) {
            return "nobody";
        }
    }

    private static Optional<Path> pgConfigBindir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString().replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier done, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            sleep(Duration.ofMillis(20));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
