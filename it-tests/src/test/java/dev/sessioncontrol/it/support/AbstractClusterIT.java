package dev.sessioncontrol.it.support;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * Base of the ITs that need two nodes ({@code postgres-cluster}; the README's test command runs them in their
 * own execution). On a single-node topology they fail at once: a cross-node behaviour must never pass unnoticed
 * by being skipped.
 */
@Tag("cluster")
public abstract class AbstractClusterIT extends AbstractKeycloakIT {

    @BeforeEach
    void requireTwoNodes() {
        if (cluster().nodes().size() < 2) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs two nodes: run it with " + "-D"
                    + Topology.PROPERTY + "=postgres-cluster (the it-cluster execution does)");
        }
    }

    protected KeycloakServer node(int index) {
        return cluster().node(index);
    }

    /** This class's realm as reached through node {@code index}. */
    protected TestRealm realmOn(int index) {
        return realm().on(node(index));
    }
}
