package dev.sessioncontrol.keycloak.casdoor;

import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sessioncontrol.keycloak.support.ProviderInfo;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the Casdoor-compatible API at {@code /realms/{realm}/casdoor}, so a Casdoor SDK's endpoint is that URL.
 *
 * <p>Option {@code maxListedSessions} (default {@value #DEFAULT_MAX_LISTED}) bounds how many live sessions, and
 * how many registered records, one get-sessions call reads: Casdoor's records are groups of sessions, so a
 * listing cannot be paged in the database. Set it with
 * {@code --spi-realm-restapi-extension--casdoor--max-listed-sessions=N}.
 */
public final class CasdoorResourceProviderFactory extends SessionControlProviderFactory
        implements RealmResourceProviderFactory {

    public static final String ID = "casdoor";
    static final int DEFAULT_MAX_LISTED = 10_000;

    private int maxListed = DEFAULT_MAX_LISTED;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        int max = maxListed;
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                // null: Keycloak answers 404, as if the extension were not installed
                return KeycloakCompatibility.supported() ? new CasdoorResource(session, max) : null;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        maxListed = Math.max(1, config.getInt("maxListedSessions", DEFAULT_MAX_LISTED));
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(ProviderInfo.operationalInfo());
        info.put("maxListedSessions", Integer.toString(maxListed));
        return info;
    }
}
