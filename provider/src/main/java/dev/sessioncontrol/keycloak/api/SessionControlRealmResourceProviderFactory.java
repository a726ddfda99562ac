package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the self-service API at {@code /realms/{realm}/session-control}. */
public final class SessionControlRealmResourceProviderFactory extends SessionControlProviderFactory
        implements RealmResourceProviderFactory {

    public static final String ID = "session-control";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                // null: Keycloak answers 404, as if the extension were not installed
                return KeycloakCompatibility.supported() ? new SessionControlRealmResource(session) : null;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public String getId() {
        return ID;
    }
}
