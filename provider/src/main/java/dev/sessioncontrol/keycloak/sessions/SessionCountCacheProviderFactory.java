package dev.sessioncontrol.keycloak.sessions;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * Holds the node's one {@link SessionCountCache} and the single background thread that recounts. Option
 * {@code count-cache-seconds} (default 10; 0 counts on every request):
 * {@code --spi-session-control-counts--default--count-cache-seconds=5}.
 */
public final class SessionCountCacheProviderFactory implements ProviderFactory<SessionCountCache> {

    public static final String ID = "default";
    static final String TTL_OPTION = "countCacheSeconds";
    static final int DEFAULT_TTL_SECONDS = 10;
    private static final int MAX_ENTRIES = 1000;
    private static final int MAX_PENDING_RECOUNTS = 100;

    private int ttlSeconds;
    private ThreadPoolExecutor recounter;
    private SessionCountCache cache;

    @Override
    public SessionCountCache create(KeycloakSession session) {
        return cache;
    }

    @Override
    public void init(Config.Scope config) {
        ttlSeconds = Math.max(0, config.getInt(TTL_OPTION, DEFAULT_TTL_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        recounter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_PENDING_RECOUNTS), runnable -> {
                    Thread thread = new Thread(runnable, "session-control-recount");
                    thread.setDaemon(true);
                    return thread;
                });
        cache = new SessionCountCache(ttlSeconds * 1000L, MAX_ENTRIES, recounter,
                (realmId, filter) -> KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm == null) {
                        return 0L;
                    }
                    session.getContext().setRealm(realm);
                    return new SessionIndex(session, realm).count(filter);
                }));
    }

    @Override
    public void close() {
        if (recounter != null) {
            recounter.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(TTL_OPTION).type("int").defaultValue(DEFAULT_TTL_SECONDS)
                .helpText("Seconds a realm-wide session count is reused on this node before it is recounted in the"
                        + " background (0: count on every request).")
                .add().build();
    }
}
