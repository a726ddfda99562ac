package dev.sessioncontrol.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server of the test run: a fresh data folder under {@code target/} initialised with the
 * machine's {@code initdb} and run with {@code pg_ctl} on a free loopback port, never the system service.
 * PostgreSQL refuses to run as root, so as root every command runs as the {@code postgres} user (Debian's
 * package creates it), which then owns the data folder.
 *
 * <p>Binaries: {@code -Dpostgres.bin=/usr/lib/postgresql/15/bin}, else the newest {@code /usr/lib/postgresql/N/bin}
 * (Debian's layout), else {@code initdb} on the PATH.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "keycloak";
    /** Trust authentication on loopback: the password is only what Keycloak's options want to see. */
    public static final String PASSWORD = "keycloak";

    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final Path log;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path root, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.log = root.resolve("postgres.log");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Initialises and starts a server in {@code root} (deleted first).
     *
     * @param durable false for tests: no fsync and asynchronous commit, so the disk does not set the pace
     *                (benchmarks keep PostgreSQL's defaults)
     */
    public static PostgresServer start(Path root, boolean durable) {
        boolean root0 = "root".equals(System.getProperty("user.name"));
        PostgresServer server =
                new PostgresServer(findBin(), root.toAbsolutePath().normalize(), Ports.free(1)[0], root0);
        server.stopLeftover();
        server.init();
        server.run(durable);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
        return server;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void createDatabase(String name) {
        exec(
                List.of(
                        bin.resolve("createdb").toString(),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-U",
                        USER,
                        name),
                "createdb " + name);
    }

    /** Runs SQL with psql and answers its unaligned, tuples-only output (one line per row, fields by '|'). */
    public String psql(String database, String sql) {
        return exec(
                        List.of(
                                bin.resolve("psql").toString(),
                                "-h",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port),
                                "-U",
                                USER,
                                "-d",
                                database,
                                "-v",
                                "ON_ERROR_STOP=1",
                                "-At",
                                "-c",
                                sql),
                        "psql")
                .trim();
    }

    /** Stops the server (idempotent). */
    public void stop() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                exec(
                        List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
                        "pg_ctl stop");
            } catch (RuntimeException e) {
                System.err.println("Stopping PostgreSQL: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void init() {
        try {
            deleteRecursively(root);
            Files.createDirectories(root);
            if (asPostgresUser) {
                exec(List.of("chown", "postgres:postgres", root.toString()), "chown");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Preparing " + root, e);
        }
        exec(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        USER,
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8"),
                "initdb");
    }

    private void run(boolean durable) {
        List<String> settings = new ArrayList<>(
                List.of("-p " + port, "-k " + root, "-c listen_addresses=127.0.0.1", "-c max_connections=300"));
        if (!durable) {
            settings.addAll(List.of("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"));
        }
        exec(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        log.toString(),
                        "-o",
                        String.join(" ", settings),
                        "-w",
                        "-t",
                        "60",
                        "start"),
                "pg_ctl start");
        System.out.printf("PostgreSQL ready at 127.0.0.1:%d (data: %s)%n", port, data);
    }

    /** A server left by a test JVM that was killed before its shutdown hook ran. */
    private void stopLeftover() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            System.err.println("Stopping PostgreSQL left over from an earlier run in " + data);
            stop();
        }
    }

    private String exec(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser && !command.get(0).equals("chown")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .directory(root.toFile())
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        what + " exited with " + process.exitValue() + ": " + output + logTail());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + what, e);
        }
    }

    private String logTail() {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path findBin() {
        String configured = System.getProperty("postgres.bin", "").trim();
        if (!configured.isEmpty()) {
            return Paths.get(configured);
        }
        Path debian = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, "initdb"))) {
                return Paths.get(dir);
            }
        }
        throw new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's "
                + "postgresql package (apt-get install postgresql) or set -Dpostgres.bin=<dir>");
    }

    private static int majorVersion(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
