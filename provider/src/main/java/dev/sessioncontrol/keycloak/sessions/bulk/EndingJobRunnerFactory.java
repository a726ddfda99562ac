package dev.sessioncontrol.keycloak.sessions.bulk;

import dev.sessioncontrol.keycloak.support.BoundedLane;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
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
 * The node's {@link EndingJobRunner}: {@value #DEFAULT_WORKERS} of Keycloak's worker threads by default (option
 * {@value #WORKERS_OPTION}), all of which may work on one job at once, each on a range of its own, with at most
 * {@value #DEFAULT_PER_CLIENT} sessions of one back-channel application being ended at once per node (option
 * {@value #PER_CLIENT_OPTION}). Every {@value #LOOK_SECONDS} seconds the node looks for running jobs and joins them
 * (a job started on another node, or left by a node that stopped), and every {@value #FORGET_SECONDS} seconds it
 * forgets jobs finished a week ago.
 */
public final class EndingJobRunnerFactory extends SessionControlProviderFactory
        implements ProviderFactory<EndingJobRunner> {

    public static final String ID = "default";

    static final String WORKERS_OPTION = "workers";
    static final String PER_CLIENT_OPTION = "backchannel-concurrency";
    static final int DEFAULT_WORKERS = 4;
    static final int DEFAULT_PER_CLIENT = 4;

    private static final Logger LOG = Logger.getLogger(EndingJobRunnerFactory.class);
    private static final int QUEUE = 1000;
    private static final long LOOK_SECONDS = 2;
    private static final long FORGET_SECONDS = 300;
    private static final String LOOK_TASK = "session-control-ending-look";
    private static final String FORGET_TASK = "session-control-ending-forget";
    private static final long KEEP_DONE_MILLIS = 7L * 24 * 3600 * 1000;

    private int workerCount = DEFAULT_WORKERS;
    private int perClient = DEFAULT_PER_CLIENT;
    private BoundedLane workers;
    private EndingJobRunner runner;

    @Override
    public EndingJobRunner create(KeycloakSession session) {
        return runner;
    }

    @Override
    public void init(Config.Scope config) {
        workerCount = Math.max(1, config.getInt(WORKERS_OPTION, DEFAULT_WORKERS));
        perClient = Math.max(1, config.getInt(PER_CLIENT_OPTION, DEFAULT_PER_CLIENT));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        workers = new BoundedLane(factory, "session-control-ending", workerCount, QUEUE);
        runner = new EndingJobRunner(factory, workers, workerCount, new BackchannelGate(perClient));
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                look(factory);
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    TimerProvider timer = session.getProvider(TimerProvider.class);
                    timer.schedule(() -> look(factory), LOOK_SECONDS * 1000, LOOK_TASK);
                    timer.schedule(() -> forget(factory), FORGET_SECONDS * 1000, FORGET_TASK);
                });
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                EntityManager em = removed.getKeycloakSession()
                        .getProvider(JpaConnectionProvider.class)
                        .getEntityManager();
                // The jobs' rows first, then their ranges: the order in which workers lock them (no deadlock).
                List<String> jobs = em.createNamedQuery("scEndingJobsOfRealm", String.class)
                        .setParameter("realmId", removed.getRealm().getId())
                        .getResultList();
                em.createNamedQuery("scEndingJobsDeleteByRealm")
                        .setParameter("realmId", removed.getRealm().getId())
                        .executeUpdate();
                for (String job : jobs) {
                    em.createNamedQuery("scEndingRangesDeleteByJob")
                            .setParameter("jobId", job)
                            .executeUpdate();
                }
            }
        });
    }

    /** Joins every running job: the runner adds workers up to its share, so a job already worked on is left be. */
    private void look(KeycloakSessionFactory factory) {
        try {
            List<String> jobs = KeycloakModelUtils.runJobInTransactionWithResult(
                    factory,
                    session -> BulkEnding.running(session).stream()
                            .map(EndingJobEntity::getId)
                            .toList());
            jobs.forEach(runner::submit);
        } catch (RuntimeException e) {
            LOG.debugf(e, "Looking for bulk endings to join failed; the next look tries again");
        }
    }

    private void forget(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(
                    factory,
                    session -> session.getProvider(JpaConnectionProvider.class)
                            .getEntityManager()
                            .createNamedQuery("scEndingJobsDeleteDoneBefore")
                            .setParameter("before", Time.currentTimeMillis() - KEEP_DONE_MILLIS)
                            .executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf(e, "Forgetting finished bulk endings failed; the next time tries again");
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

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(WORKERS_OPTION)
                .type("int")
                .defaultValue(DEFAULT_WORKERS)
                .helpText("Threads per node that end the sessions of bulk endings (all of them may work on one"
                        + " ending at once).")
                .add()
                .property()
                .name(PER_CLIENT_OPTION)
                .type("int")
                .defaultValue(DEFAULT_PER_CLIENT)
                .helpText("Sessions of one application with a back-channel logout URL that a node's bulk endings"
                        + " end at once (so its logout endpoint gets at most this many calls at a time per node).")
                .add()
                .build();
    }
}
