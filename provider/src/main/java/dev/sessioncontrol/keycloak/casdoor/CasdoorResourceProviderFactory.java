package dev.sessioncontrol.keycloak.casdoor;

import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.ProviderInfo;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Mounts the Casdoor-compatible API at {@code /realms/{realm}/casdoor}, so a Casdoor SDK's endpoint is that URL,
 * and schedules the removal of records registered for names that are no users ({@link RegistrationCleanup}) on
 * Keycloak's timer, run by one node of the cluster at a time. Its options are {@link CasdoorOptions}.
 */
public final class CasdoorResourceProviderFactory extends SessionControlProviderFactory
        implements RealmResourceProviderFactory {

    public static final String ID = "casdoor";

    private static final Logger LOG = Logger.getLogger(CasdoorResourceProviderFactory.class);

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
            public void close() {}
        };
    }

    @Override
    public void init(Config.Scope config) {
        options = CasdoorOptions.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        // After the database changes are applied: the task reads the registration table.
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                scheduleCleanup(factory);
            }
        });
    }

    private void scheduleCleanup(KeycloakSessionFactory factory) {
        long interval = options.cleanupIntervalSeconds() * 1000L;
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer == null) {
                return;
            }
            RegistrationCleanup task = new RegistrationCleanup(options.unknownNameRecordSeconds() * 1000L);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, task, interval), interval);
        }
        LOG.debugf(
                "Scheduled the removal of Casdoor records of unknown names every %d s",
                options.cleanupIntervalSeconds());
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
