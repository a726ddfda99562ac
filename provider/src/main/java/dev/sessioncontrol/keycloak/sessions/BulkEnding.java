package dev.sessioncontrol.keycloak.sessions;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Ending many sessions at once (every session of a realm, of a user, of a user in one client) without one
 * transaction over an unbounded number of them: a job row in the database ({@link EndingJobEntity}) says what is
 * covered and how far it got; sessions are ended through the one ending path in batches of at most
 * {@link #BATCH} sessions or {@link #BATCH_SECONDS} seconds, each batch its own transaction, one batch of a job at a
 * time cluster-wide (the job's row is locked), on a background thread ({@link EndingJobRunner}). For a user's
 * sessions the first batch runs in the request that asked, so a user's few sessions end before the answer; for a
 * whole realm every batch runs in the background, so that the request commits its cut-off at once. A node that stops midway loses nothing:
 * the job's cursor is committed with each batch and any node carries on ({@link EndingJobRunner} resumes jobs left
 * running); ending a session twice is impossible (claims) and harmless (a gone session is skipped).
 *
 * <p>Each session ended gets its own {@code LOGOUT} event (with the reason and type), written in its batch: the
 * events of a million sessions are a million rows, as Keycloak's own per-session logouts would be, but no transaction
 * writes more than one batch of them.
 */
public final class BulkEnding {

    static final int BATCH = 200;
    static final long BATCH_SECONDS = 20;

    private static final Logger LOG = Logger.getLogger(BulkEnding.class);

    private BulkEnding() {
    }

    /** Which sessions a bulk ending covers. */
    public record Scope(String userId, String clientUuid) {
        public static final Scope REALM = new Scope(null, null);

        public static Scope user(String userId) {
            return new Scope(userId, null);
        }

        public static Scope userInClient(String userId, String clientUuid) {
            return new Scope(userId, clientUuid);
        }

        SessionFilter filter() {
            return new SessionFilter(userId == null ? null : List.of(userId), clientUuid, null, null, null);
        }
    }

    /**
     * Where a bulk ending stands.
     *
     * @param jobId     the job, which {@code GET jobs/{id}} follows (also when it finished in the request)
     * @param covered   the sessions it covers (regular and offline count apart), the spared one left out
     * @param ended     ended so far
     * @param remaining still to end (0 once done)
     * @param done      whether it has finished
     */
    public record Progress(String jobId, long covered, long ended, long remaining, boolean done) {

        static Progress of(EndingJobEntity job) {
            boolean done = "DONE".equals(job.getState());
            // Sessions that expired or were ended otherwise while the job ran are covered but never ended by it.
            long remaining = done ? 0 : Math.max(0, job.getCovered() - job.getEnded());
            return new Progress(job.getId(), job.getCovered(), job.getEnded(), remaining, done);
        }
    }

    /**
     * Starts ending every live session in the scope, both forms of {@code spareSessionId} excepted: records the job,
     * runs its first batch in this request (a user's sessions only), and leaves the rest to the background once
     * this request commits.
     */
    public static Progress start(KeycloakSession session, RealmModel realm, Scope scope, String spareSessionId,
            EndReason reason, ClientModel actor) {
        SessionService sessions = new SessionService(session, realm);
        long covered = sessions.countExact(scope.filter());
        if (spareSessionId != null) {
            covered -= sessions.findAll(spareSessionId).stream().filter(s -> inScope(s, scope)).count();
        }
        long now = Time.currentTimeMillis();
        EndingJobEntity job = new EndingJobEntity();
        job.setId(KeycloakModelUtils.generateId());
        job.setRealmId(realm.getId());
        job.setUserId(scope.userId());
        job.setClientId(scope.clientUuid());
        job.setSpareSessionId(spareSessionId);
        job.setReason(reason.name());
        job.setActorClientId(actor == null ? null : actor.getId());
        job.setBaseUri(session.getContext().getUri().getBaseUri().toString());
        job.setCutOff(Time.currentTime());
        job.setCovered(Math.max(0, covered));
        job.setState("RUNNING");
        job.setCreated(now);
        job.setUpdated(now);
        EntityManager em = em(session);
        em.persist(job);
        if (scope.userId() != null) {
            // A user's few sessions end before the answer. A whole realm's do not: the request commits its cut-off
            // (see CutOff) at once, and every batch runs in the background.
            runBatch(session, realm, job);
        }
        if (!"DONE".equals(job.getState())) {
            EndingJobRunner runner = session.getProvider(EndingJobRunner.class);
            String id = job.getId();
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    if (runner != null) {
                        runner.submit(id);
                    }
                }

                @Override
                protected void rollbackImpl() {
                }
            });
        }
        LOG.debugf("Bulk ending %s in realm %s: %d sessions covered, %d ended in the request", job.getId(),
                realm.getName(), job.getCovered(), job.getEnded());
        return Progress.of(job);
    }

    /** Where the job stands, or null when there is no such job in the realm. */
    public static Progress progress(KeycloakSession session, RealmModel realm, String jobId) {
        EndingJobEntity job = em(session).find(EndingJobEntity.class, jobId);
        return job == null || !job.getRealmId().equals(realm.getId()) ? null : Progress.of(job);
    }

    /** What a batch left to do. */
    enum Next {
        /** Nothing: the job is done. */
        DONE,
        /** Another batch, now. */
        MORE,
        /** Another batch, in a moment: a session is held by another request (perhaps of a node that died). */
        WAIT
    }

    /**
     * One batch of a job, in the caller's transaction, under the job row's lock (so batches of one job never run
     * at once, on any node). Runs outside any HTTP request.
     */
    static Next runBatch(KeycloakSession session, String jobId) {
        EndingJobEntity job = em(session).find(EndingJobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || "DONE".equals(job.getState())) {
            return Next.DONE;
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        if (realm == null) {
            job.setState("DONE");
            return Next.DONE;
        }
        session.getContext().setRealm(realm);
        if (job.getBaseUri() != null) {
            // A background thread: Keycloak's logout code gets the request URI of the request that started the job.
            session.getContext().setHttpRequest(new RequestlessHttpRequest(URI.create(job.getBaseUri())));
        }
        return runBatch(session, realm, job);
    }

    private static Next runBatch(KeycloakSession session, RealmModel realm, EndingJobEntity job) {
        SessionService sessions = new SessionService(session, realm);
        Scope scope = new Scope(job.getUserId(), job.getClientId());
        EndReason reason = EndReason.valueOf(job.getReason());
        ClientModel actor = job.getActorClientId() == null ? null : realm.getClientById(job.getActorClientId());
        SessionKey cursor = job.getCursorId() == null ? null
                : new SessionKey(job.getCursorId(), SessionType.of(job.isCursorOffline()));
        long deadline = System.nanoTime() + BATCH_SECONDS * 1_000_000_000L;
        List<SessionKey> keys = sessions.keysAfter(scope.filter(), cursor, BATCH, (int) job.getCutOff());
        int processed = 0;
        Next next = keys.size() < BATCH ? Next.DONE : Next.MORE;
        for (SessionKey key : keys) {
            if (!key.id().equals(job.getSpareSessionId())) {
                int ended = sessions.endByIdUnlessHeld(key, reason, actor, Map.of());
                if (ended < 0) {
                    next = Next.WAIT; // not passed over: the next batch starts at it
                    break;
                }
                job.setEnded(job.getEnded() + ended);
            }
            processed++;
            job.setCursorId(key.id());
            job.setCursorOffline(key.type().offline());
            if (System.nanoTime() > deadline) {
                break; // slow clients: commit what is done, the next batch goes on
            }
        }
        if (next == Next.DONE && processed == keys.size()) {
            job.setState("DONE");
        } else if (next == Next.DONE) {
            next = Next.MORE;
        }
        job.setUpdated(Time.currentTimeMillis());
        return next;
    }

    private static boolean inScope(UserSessionModel s, Scope scope) {
        return (scope.userId() == null || scope.userId().equals(s.getUser().getId()))
                && (scope.clientUuid() == null || s.getAuthenticatedClientSessionByClient(scope.clientUuid()) != null);
    }

    /** Jobs that are still running, oldest first (for the runner's resumption). */
    static List<EndingJobEntity> running(KeycloakSession session) {
        return em(session).createNamedQuery("scEndingJobsRunning", EndingJobEntity.class).getResultList();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
