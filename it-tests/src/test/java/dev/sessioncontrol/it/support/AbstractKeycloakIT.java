package dev.sessioncontrol.it.support;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests: the shared Keycloak server and a fresh realm for this test class.
 * Static {@code @BeforeAll} methods can take a {@link TestRealm} or {@link KeycloakServer} parameter.
 */
@ExtendWith(KeycloakExtension.class)
public abstract class AbstractKeycloakIT {

    private KeycloakServer server;
    private TestRealm realm;

    void bind(KeycloakServer server, TestRealm realm) {
        this.server = server;
        this.realm = realm;
    }

    protected KeycloakServer server() {
        return server;
    }

    /** This class's own realm, created before its first test and deleted after its last. */
    protected TestRealm realm() {
        return realm;
    }
}
