package dev.sessioncontrol.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers of one test run for the chosen {@link Topology}, built and started once, on first use, and stopped
 * when JUnit closes the root store at the end of the run: one node on H2; or a throwaway PostgreSQL with one node;
 * or PostgreSQL with two clustered nodes, each on its own copy of the distribution. Benchmarks can add servers
 * (a stock Keycloak without the extension), and tests servers with other server options, with {@link #startExtra}.
 */
public final class KeycloakCluster implements ExtensionContext.Store.CloseableResource {

    /** Keycloak's log, plus the extension's own word each time a realm's kept counts are recounted everywhere. */
    static final String LOG_LEVEL = "--log-level=info,dev.sessioncontrol.keycloak.sessions.counts.KeptCounts:debug";
    /**
     * Behind a reverse proxy, as in production: the client address comes from {@code X-Forwarded-For}, but only on
     * requests from {@link Http#TRUSTED_PROXY}, so tests that forge proxy headers from elsewhere see them ignored.
     */
    static final List<String> PROXY_OPTIONS =
            List.of("--proxy-headers=xforwarded", "--proxy-trusted-addresses=" + Http.TRUSTED_PROXY);

    public static final String DATABASE = "keycloak";

    /** The server option that points the extension at a location database file. */
    public static final String PLACES_OPTION = "--spi-session-control-geo--default--database=";

    /**
     * Keycloak's experimental Shared Signals transmitter, on for the run's servers so that SharedSignalsIT runs on
     * them: it stays out of a realm that does not set {@code ssf.transmitterEnabled} (its listener returns at once)
     * and only adds the optional client scopes ssf.read and ssf.manage to each new realm.
     */
    static final String SSF_FEATURE = "--features=ssf";

    /** The transmitter pushes to the test's receiver on loopback over plain HTTP, and drains its outbox each second. */
    static final List<String> SSF_OPTIONS = List.of(
            "--spi-ssf-transmitter--default--allow-insecure-push-targets=true",
            "--spi-ssf-transmitter--default--outbox-drainer-interval=1s");

    /** Whether this run's distribution has the transmitter (26.7 on; not the compatibility run's older one). */
    static boolean sharedSignals() {
        String[] v = keycloakVersion().split("\\.");
        try {
            return Integer.parseInt(v[0]) > 26 || (Integer.parseInt(v[0]) == 26 && Integer.parseInt(v[1]) >= 7);
        } catch (RuntimeException e) {
            return true; // the default run, whose version is not passed down: the supported distribution
        }
    }

    private static final String PROVIDER_JAR = "keycloak-session-control.jar";
    private static final Duration CLUSTER_VIEW_TIMEOUT = Duration.ofSeconds(90);
    /** Infinispan's "Received new cluster view" line with two members. */
    private static final Pattern TWO_MEMBER_VIEW = Pattern.compile("ISPN000094: .*\\(2\\) \\[");

    private static KeycloakCluster shared;
    private static RuntimeException sharedFailure;

    private final Topology topology;
    private final Path source;
    private final Path work;
    private final List<KeycloakServer> nodes = new ArrayList<>();
    private final List<KeycloakServer> extras = new ArrayList<>();
    private PostgresServer postgres;

    private KeycloakCluster(Topology topology, Path source) {
        this.topology = topology;
        this.source = source;
        this.work = source.getParent();
    }

    /**
     * The run's servers, started on the first call. A failed first start is remembered, so later test classes
     * fail at once instead of waiting for the timeout again.
     */
    public static synchronized KeycloakCluster shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("Keycloak failed to start earlier in this run", sharedFailure);
        }
        if (shared == null) {
            KeycloakCluster cluster = new KeycloakCluster(Topology.current(), homeFromSystemProperty());
            try {
                cluster.startAll();
            } catch (RuntimeException | Error e) {
                cluster.close();
                sharedFailure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                throw e;
            }
            shared = cluster;
        } else {
            shared.nodes.forEach(KeycloakServer::startAgain); // stopped by an earlier JUnit run in this JVM (an IDE)
        }
        return shared;
    }

    public Topology topology() {
        return topology;
    }

    /**
     * The location database every server of the run reads ({@link TestPlaces}); a test may replace it (and must put
     * the run's places back).
     */
    public Path placesFile() {
        return work.resolve("geo").resolve("places.mmdb");
    }

    /** The node tests talk to unless they choose one: the first. */
    public KeycloakServer primary() {
        return nodes.get(0);
    }

    public List<KeycloakServer> nodes() {
        return List.copyOf(nodes);
    }

    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    /** The run's PostgreSQL; throws on the H2 topology. */
    public PostgresServer postgres() {
        if (postgres == null) {
            throw new IllegalStateException("The " + topology.wire() + " topology has no PostgreSQL");
        }
        return postgres;
    }

    /** Keycloak's version of the distribution under test, e.g. "26.7.3". */
    public static String keycloakVersion() {
        return System.getProperty("keycloak.version", "unknown");
    }

    /**
     * Builds and starts one more server of this run on a fresh copy of the distribution: on PostgreSQL (a database
     * of its own) when the topology has it, else on H2; local caches. Stopped with the run.
     *
     * @param withExtension false for stock Keycloak (the benchmarks' baseline)
     */
    public synchronized KeycloakServer startExtra(String name, boolean withExtension) {
        return startExtra(name, withExtension, List.of());
    }

    /**
     * As {@link #startExtra(String, boolean)}, with more options for every start (server options that a test needs
     * other than the run's servers have, e.g. {@code --spi-realm-restapi-extension--casdoor--...}). Stop it with
     * {@link KeycloakServer#stop()} when done; it is stopped with the run anyway.
     */
    public synchronized KeycloakServer startExtra(String name, boolean withExtension, List<String> startOptions) {
        Path home = work.resolve("extra").resolve(name);
        copyDistribution(source, home);
        List<String> build = new ArrayList<>(List.of("--health-enabled=true", "--metrics-enabled=true"));
        List<String> start = new ArrayList<>(List.of("--cache=local", "--hostname-strict=false"));
        start.addAll(startOptions);
        if (postgres != null) {
            String database = extraDatabase(name);
            postgres.createDatabase(database);
            build.add("--db=postgres");
            start.addAll(databaseOptions(database));
        } else {
            build.add("--db=dev-file");
        }
        int[] ports = Ports.free(2);
        KeycloakServer server = new KeycloakServer(name, home, build, start, ports[0], ports[1]);
        extras.add(server);
        server.prepare(withExtension ? extensionJar() : null);
        server.build();
        server.start();
        return server;
    }

    /** The database {@link #startExtra} gave a server of that name. */
    public static String extraDatabase(String name) {
        return DATABASE + "_" + name.replaceAll("[^a-z0-9]", "_");
    }

    /**
     * Stops a stock server from {@link #startExtra}, puts the extension's jar into its providers and builds it
     * again (the next {@link KeycloakServer#startAgain} is the first start with the extension).
     *
     * @return seconds the build took
     */
    public double addExtensionTo(KeycloakServer server) {
        server.stop();
        server.prepareProviders(extensionJar());
        server.build();
        return server.buildSeconds();
    }

    /** Stops every server of the run, then the database. */
    @Override
    public synchronized void close() {
        extras.forEach(KeycloakServer::stop);
        // The last node first, so the first (the coordinator) sees the others leave in order.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    private void startAll() {
        System.out.println(
                "Topology: " + topology.wire() + " (" + topology.describe() + "), Keycloak " + keycloakVersion());
        TestPlaces.write(placesFile());
        if (topology.postgres()) {
            boolean durable = Boolean.getBoolean("postgres.durable");
            postgres = PostgresServer.start(work.resolve("postgres"), durable);
            postgres.createDatabase(DATABASE);
        }
        switch (topology) {
            case H2 -> single(List.of("--db=dev-file"), List.of());
            case POSTGRES -> single(List.of("--db=postgres"), databaseOptions(DATABASE));
            case POSTGRES_CLUSTER -> twoNodes();
        }
    }

    private void single(List<String> buildDb, List<String> startDb) {
        List<String> build = new ArrayList<>(buildDb);
        build.add("--health-enabled=true");
        build.add("--metrics-enabled=true");
        if (sharedSignals()) {
            build.add(SSF_FEATURE);
        }
        List<String> start = new ArrayList<>(startDb);
        // Without --cache=local production mode starts clustering (ports 7800, 57800).
        start.addAll(List.of("--cache=local", "--hostname-strict=false", LOG_LEVEL));
        start.addAll(PROXY_OPTIONS);
        start.add(PLACES_OPTION + placesFile());
        if (sharedSignals()) {
            start.addAll(SSF_OPTIONS);
        }
        int[] ports = Ports.free(2);
        KeycloakServer server = new KeycloakServer("keycloak-server", source, build, start, ports[0], ports[1]);
        nodes.add(server);
        server.prepare(extensionJar());
        server.build();
        server.start();
    }

    /**
     * Two nodes on one database, clustered over JGroups on loopback (jdbc-ping discovery, the default stack),
     * both with the first node's URL as their hostname, as behind a load balancer: a token issued by one node is
     * accepted by the other. Node 1 is a copy of node 0 after its build.
     */
    private void twoNodes() {
        int[] ports = Ports.free(4);
        List<Integer> clusterPorts = new ArrayList<>();
        clusterPorts.add(Ports.freeClusterPort(clusterPorts));
        clusterPorts.add(Ports.freeClusterPort(clusterPorts));
        String hostname = "http://127.0.0.1:" + ports[0];
        List<String> build = List.of(
                "--db=postgres", "--cache=ispn", "--health-enabled=true", "--metrics-enabled=true", SSF_FEATURE);
        Path cluster = work.resolve("cluster");
        for (int i = 0; i < 2; i++) {
            List<String> start = new ArrayList<>(databaseOptions(DATABASE));
            start.addAll(List.of(
                    "--cache=ispn",
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + clusterPorts.get(i),
                    "--hostname=" + hostname,
                    LOG_LEVEL));
            start.addAll(PROXY_OPTIONS);
            start.add(PLACES_OPTION + placesFile());
            start.addAll(SSF_OPTIONS);
            nodes.add(new KeycloakServer(
                    "node-" + i, cluster.resolve("node-" + i), build, start, ports[2 * i], ports[2 * i + 1]));
        }
        copyDistribution(source, nodes.get(0).home());
        nodes.get(0).prepare(extensionJar());
        nodes.get(0).build();
        // Built already, providers included: a new file in providers/ would make Keycloak ask for a rebuild.
        copyDistribution(nodes.get(0).home(), nodes.get(1).home());
        nodes.get(1).cleanUp();
        // One after the other: the first creates the schema and the bootstrap admin.
        nodes.get(0).start();
        nodes.get(1).start();
        awaitTwoMemberView(nodes.get(1));
    }

    /**
     * Stops one node, runs {@code whileStopped} (the other node keeps serving), starts the node again on the same
     * ports and data and waits until the two nodes see each other again.
     */
    public void stopAndRestart(int index, Runnable whileStopped) {
        KeycloakServer node = nodes.get(index);
        node.stop();
        whileStopped.run();
        long linesBefore = logLines(node);
        node.startAgain();
        if (topology.clustered()) {
            awaitTwoMemberView(node, linesBefore);
        }
    }

    private static long logLines(KeycloakServer node) {
        try (var lines = Files.lines(node.logFile(), StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Both nodes answer once they are ready; this waits until they also see each other. */
    static void awaitTwoMemberView(KeycloakServer node) {
        awaitTwoMemberView(node, 0);
    }

    /** Waits for a two-member cluster view in the node's log after its first {@code skipLines} lines. */
    private static void awaitTwoMemberView(KeycloakServer node, long skipLines) {
        Poll.until(
                "the two nodes form a cluster (see " + node.logFile() + ")",
                CLUSTER_VIEW_TIMEOUT,
                Duration.ofMillis(250),
                () -> {
                    try {
                        return Files.readAllLines(node.logFile(), StandardCharsets.UTF_8).stream()
                                .skip(skipLines)
                                .anyMatch(line -> TWO_MEMBER_VIEW.matcher(line).find());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        System.out.println("Cluster of two nodes formed (" + node.name() + " sees both)");
    }

    private List<String> databaseOptions(String database) {
        return List.of(
                "--db-url=" + postgres.jdbcUrl(database),
                "--db-username=" + PostgresServer.USER,
                "--db-password=" + PostgresServer.PASSWORD);
    }

    private Path extensionJar() {
        return source.resolve("providers").resolve(PROVIDER_JAR);
    }

    /** A fresh copy of a distribution folder (cp -a keeps the scripts executable); its database is left out. */
    private static void copyDistribution(Path from, Path to) {
        PostgresServer.deleteRecursively(to);
        try {
            Files.createDirectories(to.getParent());
            Process copy = new ProcessBuilder("cp", "-a", from.toString(), to.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!copy.waitFor(5, TimeUnit.MINUTES) || copy.exitValue() != 0) {
                throw new IllegalStateException("Copying " + from + " to " + to + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        PostgresServer.deleteRecursively(to.resolve("data"));
    }

    private static Path homeFromSystemProperty() {
        String value = System.getProperty("keycloak.home");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property keycloak.home is not set: run the ITs through "
                    + "'mvn verify -pl it-tests', which unpacks Keycloak and sets it");
        }
        Path home = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No executable bin/kc.sh under keycloak.home=" + home);
        }
        return home;
    }
}
