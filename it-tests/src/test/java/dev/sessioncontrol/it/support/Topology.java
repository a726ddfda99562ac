package dev.sessioncontrol.it.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the servers of a test run are, chosen with {@code -Dkeycloak.topology=} (the Maven build sets it per
 * execution):
 * <ul>
 * <li>{@code h2}: one node on Keycloak's embedded H2 database with local caches, the fast default;</li>
 * <li>{@code postgres}: one node on a throwaway PostgreSQL, local caches (benchmarks);</li>
 * <li>{@code postgres-cluster}: two nodes of the same distribution on one throwaway PostgreSQL, clustered with
 * Infinispan over JGroups on loopback (jdbc-ping discovery), one common hostname as behind a load balancer.</li>
 * </ul>
 */
public enum Topology {
    H2("h2", 1, false),
    POSTGRES("postgres", 1, true),
    POSTGRES_CLUSTER("postgres-cluster", 2, true);

    public static final String PROPERTY = "keycloak.topology";

    private final String wire;
    private final int nodes;
    private final boolean postgres;

    Topology(String wire, int nodes, boolean postgres) {
        this.wire = wire;
        this.nodes = nodes;
        this.postgres = postgres;
    }

    public static Topology current() {
        String value = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.wire.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown " + PROPERTY + " '" + value + "'; use "
                        + Arrays.stream(values()).map(t -> t.wire).collect(Collectors.joining(", "))));
    }

    public String wire() {
        return wire;
    }

    public int nodes() {
        return nodes;
    }

    public boolean postgres() {
        return postgres;
    }

    public boolean clustered() {
        return nodes > 1;
    }

    /** How the figures of a benchmark on this topology are labelled. */
    public String describe() {
        return switch (this) {
            case H2 -> "embedded H2, one node, --cache=local";
            case POSTGRES -> "PostgreSQL, one node, --cache=local";
            case POSTGRES_CLUSTER -> "PostgreSQL, two nodes, --cache=ispn";
        };
    }
}
