package dev.sessioncontrol.it.support;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests: the run's Keycloak servers and a fresh realm for this test class (created through
 * the first node). Static {@code @BeforeAll} methods can take a {@link TestRealm}, {@link KeycloakServer} or
 * {@link KeycloakCluster} parameter.
 */
@ExtendWith(KeycloakExtension.class)
public abstract class AbstractKeycloakIT {

    private KeycloakCluster cluster;
    private TestRealm realm;

    void bind(KeycloakCluster cluster, TestRealm realm) {
        this.cluster = cluster;
        this.realm = realm;
    }

    /** The node tests talk to: the first (and on most topologies the only) node. */
    protected KeycloakServer server() {
        return cluster.primary();
    }

    /** All servers of the run. */
    protected KeycloakCluster cluster() {
        return cluster;
    }

    /** This class's own realm, created before its first test and deleted after its last. */
    protected TestRealm realm() {
        return realm;
    }
}
