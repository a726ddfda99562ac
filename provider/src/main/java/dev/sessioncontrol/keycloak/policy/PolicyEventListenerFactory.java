package dev.sessioncontrol.keycloak.policy;

import java.util.Map;

import dev.sessioncontrol.keycloak.support.ProviderInfo;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Global: the policy applies in every realm whose policy is not {@code Disabled}, with no per-realm set-up. */
public final class PolicyEventListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

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
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return ProviderInfo.operationalInfo();
    }
}
