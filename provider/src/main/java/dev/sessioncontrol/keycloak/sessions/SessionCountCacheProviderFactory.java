package dev.sessioncontrol.keycloak.sessions;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * Holds the node's one {@link SessionCountCache}. Option {@code count-cache-seconds} (default 10; 0 counts on
 * every request): {@code --spi-session-control-counts--default--count-cache-seconds=5}.
 */
public final class SessionCountCacheProviderFactory implements ProviderFactory<SessionCountCache> {

    public static final String ID = "default";
    static final String TTL_OPTION = "countCacheSeconds";
    static final int DEFAULT_TTL_SECONDS = 10;
    private static final int MAX_ENTRIES = 1000;

    private SessionCountCache cache;

    @Override
    public SessionCountCache create(KeycloakSession session) {
        return cache;
    }

    @Override
    public void init(Config.Scope config) {
        int seconds = Math.max(0, config.getInt(TTL_OPTION, DEFAULT_TTL_SECONDS));
        cache = new SessionCountCache(seconds * 1000L, MAX_ENTRIES);
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
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(TTL_OPTION).type("int").defaultValue(DEFAULT_TTL_SECONDS)
                .helpText("Seconds a realm-wide session count is reused on this node (0: count on every request).")
                .add().build();
    }
}
