package dev.sessioncontrol.keycloak.sessions.bulk;

import dev.sessioncontrol.keycloak.support.BoundedLane;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * The node's {@link EndingJobRunner}: two of Keycloak's worker threads (at most two bulk endings at once per node,
 * each one batch at a time, so the clients' back-channel logout endpoints see a bounded number of calls), and a
 * check on Keycloak's timer every {@value #CHECK_SECONDS} seconds that takes up jobs nobody has moved for {@value #STALLED_SECONDS} seconds (their
 * node stopped) and forgets jobs finished a week ago. After a start, every job left running is taken up.
 */
public final class EndingJobRunnerFactory extends SessionControlProviderFactory
        implements ProviderFactory<EndingJobRunner> {

    public static final String ID = "default";

    private static final Logger LOG = Logger.getLogger(EndingJobRunnerFactory.class);
    private static final int WORKERS = 2;
    private static final int QUEUE = 1000;
    private static final long CHECK_SECONDS = 30;
    private static final String CHECK_TASK = "session-control-ending-check";
    private static final long STALLED_SECONDS = 60;
    private static final long KEEP_DONE_MILLIS = 7L * 24 * 3600 * 1000;

    private BoundedLane workers;
    private EndingJobRunner runner;

    @Override
    public EndingJobRunner create(KeycloakSession session) {
        return runner;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        workers = new BoundedLane(factory, "session-control-ending", WORKERS, QUEUE);
        runner = new EndingJobRunner(factory, workers);
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                takeUp(factory, 0);
                KeycloakModelUtils.runJobInTransaction(
                        factory,
                        session -> session.getProvider(TimerProvider.class)
                                .schedule(
                                        () -> takeUp(factory, STALLED_SECONDS * 1000),
                                        CHECK_SECONDS * 1000,
                                        CHECK_TASK));
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession()
                        .getProvider(JpaConnectionProvider.class)
                        .getEntityManager()
                        .createNamedQuery("scEndingJobsDeleteByRealm")
                        .setParameter("realmId", removed.getRealm().getId())
                        .executeUpdate();
            }
        });
    }

    /** Queues the running jobs that have not moved for {@code idleMillis}, and drops jobs finished long ago. */
    private void takeUp(KeycloakSessionFactory factory, long idleMillis) {
        try {
            List<String> jobs = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                long now = Time.currentTimeMillis();
                session.getProvider(JpaConnectionProvider.class)
                        .getEntityManager()
                        .createNamedQuery("scEndingJobsDeleteDoneBefore")
                        .setParameter("before", now - KEEP_DONE_MILLIS)
                        .executeUpdate();
                return BulkEnding.running(session).stream()
                        .filter(job -> job.getUpdated() <= now - idleMillis)
                        .map(EndingJobEntity::getId)
                        .toList();
            });
            jobs.forEach(runner::submit);
        } catch (RuntimeException e) {
            LOG.debugf(e, "Looking for bulk endings to take up failed; the next check tries again");
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
