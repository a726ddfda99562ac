package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Global: the policy applies in every realm whose policy is not {@code Disabled}, with no per-realm set-up. */
public final class PolicyEventListenerFactory extends SessionControlProviderFactory
        implements EventListenerProviderFactory {

    public static final String ID = "session-control-policy";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new PolicyEventListener(session);
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
