package dev.sessioncontrol.keycloak.sessions.counts;

import dev.sessioncontrol.keycloak.sessions.RealmStats;
import dev.sessioncontrol.keycloak.sessions.SessionChange;
import dev.sessioncontrol.keycloak.sessions.SessionCounts;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.support.BoundedLane;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import java.util.Map;
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
 * Holds the node's one {@link KeptCounts}, the one background lane that recounts, and the link to the other nodes: a
 * listener on Keycloak's {@link ClusterProvider} applies what other nodes report, and {@link #tellOthers} reports
 * this node's changes. Option {@code count-cache-seconds} (default 10; 0 counts on every request):
 * {@code --spi-session-control-counts--default--count-cache-seconds=5}.
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
    /** Realms a node keeps counts of (and the metrics gauges of). */
    private static final int MAX_REALMS = 1000;

    private static final long FORGET_REALMS_MILLIS = 15_000;
    private static final String FORGET_REALMS_TASK = "session-control-counts-realms";
    private static final int MAX_PENDING_RECOUNTS = 100;
    /** Sessions per cluster message, so that ending thousands at once sends messages of bounded size. */
    private static final int CHANGES_PER_MESSAGE = 500;

    private final NodeTopology topology = new NodeTopology();
    private int ttlSeconds;
    private BoundedLane recounter;
    private KeptCounts counts;

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
        recounter = new BoundedLane(factory, "session-control-recount", 1, MAX_PENDING_RECOUNTS);
        counts = new KeptCounts(
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
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, this::listenToOtherNodes);
                KeycloakModelUtils.runJobInTransaction(
                        factory,
                        session -> session.getProvider(TimerProvider.class)
                                .scheduleTask(this::forgetRemovedRealms, FORGET_REALMS_MILLIS, FORGET_REALMS_TASK));
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                counts.forget(removed.getRealm().getId());
            }
        });
    }

    /** A realm removed on another node (Keycloak tells only the node where it happened): its counts go too. */
    private void forgetRemovedRealms(KeycloakSession session) {
        for (String realmId : counts.realmIds()) {
            if (session.realms().getRealm(realmId) == null) {
                counts.forget(realmId);
            }
        }
    }

    private void listenToOtherNodes(KeycloakSession session) {
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
                    counts.applyReported(counted.getRealmId(), counted.sessionChanges());
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
            recounter.close();
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
    private record DatabaseSource(KeycloakSessionFactory factory) implements KeptCounts.Source {

        @Override
        public long count(String realmId, SessionFilter filter) {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = realm(session, realmId);
                return realm == null ? 0L : new SessionService(session, realm).countExact(filter);
            });
        }

        @Override
        public RealmStats stats(String realmId, RealmStats.Query query) {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = realm(session, realmId);
                return realm == null
                        ? new RealmStats(0, Map.of(), Map.of(), Map.of(), Map.of(), List.of())
                        : new SessionService(session, realm).statsExact(query);
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
