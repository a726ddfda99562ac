package dev.sessioncontrol.keycloak.events;

import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Global: active in every realm without adding it to the realm's event listeners. */
public final class SessionTrackingEventListenerFactory extends SessionControlProviderFactory
        implements EventListenerProviderFactory {

    public static final String ID = "session-control";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SessionTrackingEventListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return ID;
    }
}
