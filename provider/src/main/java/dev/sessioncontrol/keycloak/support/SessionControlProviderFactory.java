package dev.sessioncontrol.keycloak.support;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Base of this extension's provider factories: nothing to set up or tear down unless a factory says otherwise,
 * and the jar's version in the admin console's provider info. The lifecycle methods are those of
 * {@link org.keycloak.provider.ProviderFactory}, which each subclass implements through its SPI's factory type.
 */
public abstract class SessionControlProviderFactory implements ServerInfoAwareProviderFactory {

    public void init(Config.Scope config) {}

    public void postInit(KeycloakSessionFactory factory) {}

    public void close() {}

    @Override
    public Map<String, String> getOperationalInfo() {
        return ProviderInfo.operationalInfo();
    }
}
