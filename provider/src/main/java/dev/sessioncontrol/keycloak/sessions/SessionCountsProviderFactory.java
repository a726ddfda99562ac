package dev.sessioncontrol.keycloak.sessions;

import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * Holds the node's one {@link SessionCounts}, the single background thread that recounts, and the link to the
 * other nodes: a listener on Keycloak's {@link ClusterProvider} applies what other nodes report, and
 * {@link #tellOthers} reports this node's changes. Option {@code count-cache-seconds} (default 10; 0 counts on
 * every request): {@code --spi-session-control-counts--default--count-cache-seconds=5}.
 */
public final class SessionCountsProviderFactory extends SessionControlProviderFactory
        implements ProviderFactory<SessionCounts> {

    public static final String ID = "default";
    static final String TTL_OPTION = "countCacheSeconds";
    static final int DEFAULT_TTL_SECONDS = 10;
    /** The cluster listener's key: events sent under it reach this factory on every node. */
    static final String CLUSTER_TASK_KEY = "session-control.counts";

    private static final Logger LOG = Logger.getLogger(SessionCountsProviderFactory.class);
    private static final int MAX_FILTERS_PER_REALM = 200;
    private static final int MAX_REALMS = 1000;
    private static final long FOLLOW_REALMS_MILLIS = 15_000;
    private static final String FOLLOW_REALMS_TASK = "session-control-metrics-realms";
    private static final int MAX_PENDING_RECOUNTS = 100;
    /** Sessions per cluster message, so that ending thousands at once sends messages of bounded size. */
    private static final int CHANGES_PER_MESSAGE = 500;

    private final NodeTopology topology = new NodeTopology();
    private int ttlSeconds;
    private ThreadPoolExecutor recounter;
    private SessionCounts counts;

    @Override
    public SessionCounts create(KeycloakSession session) {
        return counts;
    }

    @Override
    public void init(Config.Scope config) {
        ttlSeconds = Math.max(0, config.getInt(TTL_OPTION, DEFAULT_TTL_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        recounter = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_PENDING_RECOUNTS), runnable -> {
                    Thread thread = new Thread(runnable, "session-control-recount");
                    thread.setDaemon(true);
                    return thread;
                });
        counts = new SessionCounts(
                ttlSeconds * 1000L,
                MAX_FILTERS_PER_REALM,
                MAX_REALMS,
                recounter,
                new DatabaseSource(factory),
                this::tellOthers,
                System::currentTimeMillis);
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        // Keycloak's metrics registry: the global one, which its /metrics endpoint serves when metrics are enabled.
        SessionMetrics metrics = new SessionMetrics(Metrics.globalRegistry, counts, MAX_REALMS);
        counts.attach(metrics);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(
                        factory, session -> listenToOtherNodes(session, factory, metrics));
                KeycloakModelUtils.runJobInTransaction(factory, session -> watchRealms(session, metrics));
                KeycloakModelUtils.runJobInTransaction(
                        factory,
                        session -> session.getProvider(TimerProvider.class)
                                .scheduleTask(s -> followRealms(s, metrics), FOLLOW_REALMS_MILLIS, FOLLOW_REALMS_TASK));
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                counts.forget(removed.getRealm().getId());
                metrics.forget(removed.getRealm().getId());
            }
        });
    }

    /**
     * A realm renamed or removed on another node (Keycloak tells only the node where it happened): the meters follow
     * within {@value #FOLLOW_REALMS_MILLIS} ms.
     */
    private void followRealms(KeycloakSession session, SessionMetrics metrics) {
        for (String realmId : metrics.realmIds()) {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                counts.forget(realmId);
                metrics.forget(realmId);
            } else {
                metrics.follow(realmId, realm.getName());
            }
        }
    }

    /** Every realm's session gauges from the start. */
    private static void watchRealms(KeycloakSession session, SessionMetrics metrics) {
        session.realms().getRealmsStream().limit(MAX_REALMS).forEach(realm -> watchRealm(realm, metrics));
    }

    /** A realm's session gauges, for its built-in device types and those its clients declare. */
    private static void watchRealm(RealmModel realm, SessionMetrics metrics) {
        metrics.watch(
                realm.getId(),
                realm.getName(),
                realm.getClientsStream()
                        .map(c -> c.getAttribute(DeviceTypes.CLIENT_ATTRIBUTE))
                        .filter(t -> t != null && !t.isBlank())
                        .distinct()
                        .limit(SessionMetrics.MAX_DEVICE_TYPES)
                        .toList());
    }

    /**
     * Another node reported sessions of a realm this node has no gauges for yet (created after this node started):
     * its gauges are registered in the background, so that every node reports every realm.
     */
    private void watchLater(KeycloakSessionFactory factory, SessionMetrics metrics, String realmId) {
        if (metrics.watching(realmId)) {
            return;
        }
        try {
            recounter.execute(() -> KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    watchRealm(realm, metrics);
                }
            }));
        } catch (RuntimeException e) {
            LOG.debugf(e, "Registering the gauges of realm %s failed; the next change tries again", realmId);
        }
    }

    private void listenToOtherNodes(KeycloakSession session, KeycloakSessionFactory factory, SessionMetrics metrics) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster == null) {
            return;
        }
        // Runs on the thread that applies the replicated write: in memory only, nothing that could block.
        cluster.registerListener(CLUSTER_TASK_KEY, event -> {
            if (event instanceof CountsClusterEvent counted) {
                if (counted.isStale()) {
                    counts.markStale(counted.getRealmId());
                } else {
                    counted.sessionChanges().forEach(counts::apply);
                    watchLater(factory, metrics, counted.getRealmId());
                }
            }
        });
    }

    /**
     * Reports this node's changes (after they committed) to the other nodes, in messages of bounded size; a
     * single node with local caches has nobody to tell. A failure to send is logged: the others catch up at their
     * next recount.
     */
    void tellOthers(KeycloakSession session, String realmId, List<SessionChange> changes, boolean stale) {
        if (topology.singleNode(session)) {
            return;
        }
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster == null) {
            return;
        }
        try {
            if (stale) {
                cluster.notify(CLUSTER_TASK_KEY, CountsClusterEvent.staleRealm(realmId), true);
            }
            for (int from = 0; from < changes.size(); from += CHANGES_PER_MESSAGE) {
                List<SessionChange> part = changes.subList(from, Math.min(changes.size(), from + CHANGES_PER_MESSAGE));
                cluster.notify(CLUSTER_TASK_KEY, CountsClusterEvent.of(realmId, part), true);
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "Telling the other nodes about session changes in realm %s failed", realmId);
        }
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
                .property()
                .name(TTL_OPTION)
                .type("int")
                .defaultValue(DEFAULT_TTL_SECONDS)
                .helpText("Seconds after which a realm-wide session count kept by a node is recounted in the"
                        + " background (sign-ins and endings through the extension keep it current meanwhile;"
                        + " 0: count on every request).")
                .add()
                .build();
    }

    /** The recounts of the background thread, each in a transaction of its own. */
    private record DatabaseSource(KeycloakSessionFactory factory) implements SessionCounts.Source {

        @Override
        public long count(String realmId, SessionFilter filter) {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = realm(session, realmId);
                return realm == null ? 0L : new SessionIndex(session, realm).count(filter);
            });
        }

        @Override
        public RealmStats stats(String realmId, RealmStats.Query query) {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = realm(session, realmId);
                return realm == null
                        ? new RealmStats(0, Map.of(), Map.of(), Map.of(), List.of())
                        : new SessionIndex(session, realm).stats(query, session);
            });
        }

        private static RealmModel realm(KeycloakSession session, String realmId) {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm != null) {
                session.getContext().setRealm(realm);
            }
            return realm;
        }
    }
}
