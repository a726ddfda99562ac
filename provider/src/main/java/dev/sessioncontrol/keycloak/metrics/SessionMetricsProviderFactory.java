package dev.sessioncontrol.keycloak.metrics;

import dev.sessioncontrol.keycloak.sessions.SessionCounts;
import dev.sessioncontrol.keycloak.sessions.SessionRecorder;
import dev.sessioncontrol.keycloak.support.BoundedLane;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import io.micrometer.core.instrument.Metrics;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * Holds the node's one {@link SessionMetrics}, on Keycloak's metrics registry (Micrometer's global one, which its
 * {@code /metrics} endpoint serves when metrics are enabled), from the start with the gauges of every realm. Absent
 * (no recorder) on an unsupported Keycloak.
 */
public final class SessionMetricsProviderFactory extends SessionControlProviderFactory
        implements ProviderFactory<SessionRecorder> {

    public static final String ID = "default";

    /** Realms with meters of their own, as many as the counts keep. */
    private static final int MAX_REALMS = 1000;

    private static final long FOLLOW_REALMS_MILLIS = 15_000;
    private static final String FOLLOW_REALMS_TASK = "session-control-metrics-realms";
    private static final int MAX_PENDING_WATCHES = 100;

    private BoundedLane watcher;
    private SessionMetrics metrics;

    @Override
    public SessionRecorder create(KeycloakSession session) {
        return metrics;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        watcher = new BoundedLane(factory, "session-control-metrics", 1, MAX_PENDING_WATCHES);
        SessionCounts counts;
        try (KeycloakSession session = factory.create()) {
            counts = session.getProvider(SessionCounts.class); // set up already: see dependsOn
        }
        metrics = new SessionMetrics(Metrics.globalRegistry, counts, MAX_REALMS, watcher, factory);
        counts.whenReportedElsewhere(metrics::reportedElsewhere);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, this::start);
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                metrics.forget(removed.getRealm().getId());
            }
        });
    }

    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(SessionCounts.class);
    }

    /** Every realm's session gauges from the start, and the periodic check of renames and removals. */
    private void start(KeycloakSession session) {
        session.realms().getRealmsStream().limit(MAX_REALMS).forEach(metrics::watch);
        session.getProvider(TimerProvider.class)
                .scheduleTask(s -> followRealms(s, metrics), FOLLOW_REALMS_MILLIS, FOLLOW_REALMS_TASK);
    }

    /**
     * A realm renamed or removed on another node (Keycloak tells only the node where it happened): the meters follow
     * within {@value #FOLLOW_REALMS_MILLIS} ms.
     */
    private static void followRealms(KeycloakSession session, SessionMetrics metrics) {
        for (String realmId : metrics.realmIds()) {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                metrics.forget(realmId);
            } else {
                metrics.follow(realmId, realm.getName());
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
