package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * One Keycloak node: a copy of the official distribution run as a child process with its own ports and log.
 * {@link KeycloakCluster} builds the run's nodes for the chosen {@link Topology} and starts them once per run.
 */
public final class KeycloakServer {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 80;
    private static final String PROVIDER_JAR = "keycloak-session-control.jar";

    private final String name;
    private final Path home;
    private final Path logFile;
    private final int httpPort;
    private final int managementPort;
    private final List<String> buildOptions;
    private final List<String> startOptions;
    /** The running child (kc.sh), also while building, so the shutdown hook can always stop it. */
    private final AtomicReference<Process> process = new AtomicReference<>();

    private volatile double lastStartSeconds;
    private volatile double buildSeconds;
    /** Guards the admin token and client; separate from the start lock so stop() never waits on a start. */
    private final Object adminLock = new Object();

    private String adminToken;
    private long adminTokenExpiresAtMillis;
    private Keycloak adminClient;

    /**
     * @param name         e.g. "keycloak-server" or "node-1": names the log file ({@code <name>.log} next to home)
     * @param buildOptions options of {@code kc.sh build} (database vendor, cache, features)
     * @param startOptions options of every {@code kc.sh start} besides the HTTP ports (database URL, cache,
     *                     hostname); {@code -Dkeycloak.extraOptions} are added to both
     */
    KeycloakServer(
            String name,
            Path home,
            List<String> buildOptions,
            List<String> startOptions,
            int httpPort,
            int managementPort) {
        this.name = name;
        this.home = home;
        this.logFile = home.getParent().resolve(name + ".log");
        this.buildOptions = List.copyOf(buildOptions);
        this.startOptions = List.copyOf(startOptions);
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, name + "-stop"));
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return logFile;
    }

    /** Seconds from launching {@code kc.sh start} to {@code /health/ready} answering 200, for the last start. */
    public double lastStartSeconds() {
        return lastStartSeconds;
    }

    public double buildSeconds() {
        return buildSeconds;
    }

    public boolean isRunning() {
        Process p = process.get();
        return p != null && p.isAlive();
    }

    /** Stops the server and starts it again on the same ports with the same database. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Starts a server that {@link #stop()} stopped (or that is not running any more): same ports, same data. */
    public synchronized void startAgain() {
        if (!isRunning()) {
            start();
        }
    }

    /** Stops the server (idempotent): SIGTERM to the process tree, then SIGKILL after 20 s. */
    public void stop() {
        forgetAdminSession();
        Process p = process.getAndSet(null);
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        // kc.sh forwards TERM to its java child too; signalling both directly does not depend on that.
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(h -> {
            System.err.println("Keycloak process " + h.pid() + " ignored SIGTERM for " + STOP_TIMEOUT + ": killing it");
            h.destroyForcibly();
        });
    }

    /** An access token of the master realm's admin, fetched again shortly before it expires. */
    public String adminToken() {
        synchronized (adminLock) {
            return freshAdminToken();
        }
    }

    private String freshAdminToken() {
        if (adminToken == null || System.currentTimeMillis() > adminTokenExpiresAtMillis) {
            JsonNode json = OAuth.masterAdminGrant(baseUrl(), ADMIN_USERNAME, ADMIN_PASSWORD);
            adminToken = json.get("access_token").asText();
            // Renew 15 s early so a token never expires in the middle of a request.
            adminTokenExpiresAtMillis =
                    System.currentTimeMillis() + (json.get("expires_in").asLong() - 15) * 1000;
        }
        return adminToken;
    }

    /**
     * Keycloak's own admin client logged into master as admin; it renews its token itself.
     * A new instance after {@link #restart()}: do not keep it across a restart.
     */
    public Keycloak adminClient() {
        synchronized (adminLock) {
            if (adminClient == null) {
                adminClient = KeycloakBuilder.builder()
                        .serverUrl(baseUrl())
                        .realm("master")
                        .clientId("admin-cli")
                        .username(ADMIN_USERNAME)
                        .password(ADMIN_PASSWORD)
                        .build();
            }
            return adminClient;
        }
    }

    /** The last lines of the server log, for failure messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log at " + logFile + ")";
            }
            // Our readiness polling makes Keycloak log "health down" (SRHCK01001) several times a second: noise here.
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.contains("SRHCK01001"))
                    .toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /**
     * Before the first build: nothing of an earlier run is left (processes, the H2 database, test providers).
     *
     * @param extensionJar the extension's jar to put into providers/, or null for stock Keycloak
     */
    void prepare(Path extensionJar) {
        cleanUp();
        syncProviders(extensionJar);
    }

    /** Sets providers/ as {@link #prepare} does, for a server that ran before (build it again afterwards). */
    void prepareProviders(Path extensionJar) {
        syncProviders(extensionJar);
    }

    /** Stops what an earlier run left and forgets its log and H2 database; for a copy of a built node. */
    void cleanUp() {
        stopLeftoversOfEarlierRuns();
        try {
            Files.deleteIfExists(logFile); // one log per run; restarts within the run append to it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer.deleteRecursively(home.resolve("data")); // a fresh H2 database (and import folder) per run
    }

    void build() {
        List<String> command = new ArrayList<>(List.of(kcScript(), "build"));
        command.addAll(buildOptions);
        command.addAll(extraOptions());
        long started = System.nanoTime();
        Process build = launch(command, "build");
        try {
            if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                stop();
                throw failure("kc.sh build did not finish within " + BUILD_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("Interrupted while building Keycloak", e);
        }
        process.compareAndSet(build, null);
        if (build.exitValue() != 0) {
            throw failure("kc.sh build exited with " + build.exitValue());
        }
        buildSeconds = seconds(System.nanoTime() - started);
        System.out.printf("Keycloak built in %.1f s%n", buildSeconds);
    }

    synchronized void start() {
        List<String> command = new ArrayList<>(List.of(
                kcScript(),
                "start",
                "--optimized",
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort));
        command.addAll(startOptions);
        command.addAll(extraOptions());
        long started = System.nanoTime();
        Process server = launch(command, "start");
        awaitReady(server);
        lastStartSeconds = seconds(System.nanoTime() - started);
        System.out.printf("Keycloak ready in %.1f s at %s (log: %s)%n", lastStartSeconds, baseUrl(), logFile);
    }

    /** The HTTP port opens before Keycloak is ready; the management port's health check tells. */
    private void awaitReady(Process server) {
        String readyUrl = managementUrl() + "/health/ready";
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                process.compareAndSet(server, null);
                throw failure("Keycloak exited with " + server.exitValue() + " before it was ready");
            }
            try {
                if (Http.get(readyUrl, null).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep waiting
            }
            try {
                server.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
        }
        stop();
        throw failure("Keycloak was not ready within " + READY_TIMEOUT.toSeconds() + " s");
    }

    private Process launch(List<String> command, String what) {
        appendToLog(String.format("%n===== %s: %s%n", what, String.join(" ", command)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Tests default to C1 only (faster start, no peak JIT needed); benchmarks run with the JVM's defaults.
        env.put("JAVA_OPTS_APPEND", System.getProperty("keycloak.javaOpts", "-XX:TieredStopAtLevel=1"));
        try {
            Process started = builder.start();
            process.set(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        }
    }

    /** A server left by a test JVM that was killed (so its shutdown hook never ran) would hold the database. */
    private void stopLeftoversOfEarlierRuns() {
        String marker = "kc.home.dir=" + home + "/"; // kc.sh passes <home>/bin/../
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
        for (ProcessHandle leftover : leftovers) {
            System.err.println("Stopping Keycloak left over from an earlier run: pid " + leftover.pid());
            leftover.destroy();
            try {
                leftover.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                leftover.destroyForcibly();
            }
        }
    }

    private IllegalStateException failure(String message) {
        String tail = logTail(LOG_TAIL_LINES);
        System.err.println(message + "; last " + LOG_TAIL_LINES + " lines of " + logFile + ":");
        System.err.println(tail);
        return new IllegalStateException(message + " (see " + logFile + ")");
    }

    private void forgetAdminSession() {
        synchronized (adminLock) {
            adminToken = null;
            if (adminClient != null) {
                adminClient.close();
                adminClient = null;
            }
        }
    }

    private void appendToLog(String text) {
        try {
            Files.writeString(
                    logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * providers/ holds exactly the extension's jar plus the jars named by {@code keycloak.extraProviders} (the
     * test-only session seeder), so a test-only provider never lingers into a normal run; nothing at all when
     * {@code extensionJar} is null (stock Keycloak).
     */
    private void syncProviders(Path extensionJar) {
        Path providers = home.resolve("providers");
        String value = extensionJar == null
                ? ""
                : System.getProperty("keycloak.extraProviders", "").trim();
        List<Path> extras = value.isEmpty()
                ? List.of()
                : Arrays.stream(value.split("[,\\s]+")).map(Paths::get).toList();
        try {
            Files.createDirectories(providers);
            Path ours = providers.resolve(PROVIDER_JAR);
            if (extensionJar != null
                    && !extensionJar
                            .toAbsolutePath()
                            .normalize()
                            .equals(ours.toAbsolutePath().normalize())) {
                Files.copy(extensionJar, ours, StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> present = Files.list(providers)) {
                for (Path jar :
                        present.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    if (extensionJar == null || !jar.getFileName().toString().equals(PROVIDER_JAR)) {
                        Files.delete(jar);
                    }
                }
            }
            for (Path extra : extras) {
                Files.copy(extra, providers.resolve(extra.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Preparing " + providers, e);
        }
        if (extensionJar != null && !Files.exists(providers.resolve(PROVIDER_JAR))) {
            throw new IllegalStateException("No " + PROVIDER_JAR + " in " + providers + ": build through Maven");
        }
    }

    private String kcScript() {
        return home.resolve("bin/kc.sh").toString();
    }

    private static List<String> extraOptions() {
        String value = System.getProperty("keycloak.extraOptions", "").trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
