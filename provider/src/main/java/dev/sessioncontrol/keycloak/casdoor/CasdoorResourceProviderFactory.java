package dev.sessioncontrol.keycloak.casdoor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.ProviderInfo;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the Casdoor-compatible API at {@code /realms/{realm}/casdoor}, so a Casdoor SDK's endpoint is that URL.
 * Its options are {@link CasdoorOptions}.
 */
public final class CasdoorResourceProviderFactory extends SessionControlProviderFactory
        implements RealmResourceProviderFactory {

    public static final String ID = "casdoor";

    private CasdoorOptions options = CasdoorOptions.DEFAULTS;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        CasdoorOptions current = options;
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                // null: Keycloak answers 404, as if the extension were not installed
                return KeycloakCompatibility.supported() ? new CasdoorResource(session, current) : null;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        options = CasdoorOptions.from(config);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CasdoorOptions.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(ProviderInfo.operationalInfo());
        info.putAll(options.operationalInfo());
        return info;
    }
}
