package dev.sessioncontrol.keycloak.sessions.bulk;

import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.SessionFacts;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionKey;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import dev.sessioncontrol.keycloak.support.StandInRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Ending many sessions at once (every session of a realm, of a user, of a user in one client, what matches a filter)
 * without one
 * transaction over an unbounded number of them: a job row in the database ({@link EndingJobEntity}) says what is
 * covered and how far it got; sessions are ended through the one ending path in batches of at most
 * {@link #BATCH} sessions or {@link #BATCH_SECONDS} seconds, each batch its own transaction, one batch of a job at a
 * time cluster-wide (the job's row is locked), on a background thread ({@link EndingJobRunner}). What the caller is
 * promised before the answer, that every covered session is unusable, comes from the {@link CutOff} committed with
 * the job, or, where no cut-off can spare the caller, from ending every covered session in the request. A node that
 * stops midway loses nothing: the job's cursor is committed with each batch and any node carries on
 * ({@link EndingJobRunner} resumes jobs left running); ending a session twice is impossible (claims) and harmless (a
 * gone session is skipped).
 *
 * <p>Each session ended gets its own {@code LOGOUT} event (with the reason and type), written in its batch: the
 * events of a million sessions are a million rows, as Keycloak's own per-session logouts would be, but no transaction
 * writes more than one batch of them.
 */
public final class BulkEnding {

    static final int BATCH = 200;
    static final long BATCH_SECONDS = 20;
    /** The first batch after a user's cut-off, in the request: only to have a user's few sessions gone on answering. */
    static final long FIRST_BATCH_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(BulkEnding.class);

    private BulkEnding() {}

    /** Which sessions a bulk ending covers. */
    public record Scope(SessionFilter filter) {
        public static final Scope REALM = new Scope(SessionFilter.NONE);

        public static Scope user(String userId) {
            return new Scope(SessionFilter.ofUser(userId));
        }

        public static Scope userInClient(String userId, String clientUuid) {
            return new Scope(SessionFilter.ofUser(userId).withClient(clientUuid));
        }

        /** What matches a listing's filter ("end what matches"). */
        public static Scope matching(SessionFilter filter) {
            return new Scope(filter);
        }

        /** Whether the scope covers this live session (as the job's batches would find it). */
        public boolean covers(UserSessionModel s) {
            if (filter.userIds() != null
                    && !filter.userIds().contains(s.getUser().getId())) {
                return false;
            }
            long started = s.getStarted() * 1000L;
            if ((filter.startedAfter() != null && started <= filter.startedAfter())
                    || (filter.startedBefore() != null && started >= filter.startedBefore())) {
                return false;
            }
            return SessionFacts.of(s).matches(filter.withUsers(null));
        }

        /** The job's scope, from its row (jobs written before filters were kept name a user and a client). */
        static Scope of(EndingJobEntity job) {
            if (job.getFilter() != null) {
                return new Scope(StoredFilter.read(job.getFilter()));
            }
            SessionFilter filter = SessionFilter.NONE.withClient(job.getClientId());
            return new Scope(job.getUserId() == null ? filter : filter.withUsers(List.of(job.getUserId())));
        }

        /** The one user it is limited to, or null. */
        String onlyUser() {
            return filter.userIds() != null && filter.userIds().size() == 1
                    ? filter.userIds().iterator().next()
                    : null;
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
            boolean done = job.getState() == JobState.DONE;
            // Sessions that expired or were ended otherwise while the job ran are covered but never ended by it.
            long remaining = done ? 0 : Math.max(0, job.getCovered() - job.getEnded());
            return new Progress(job.getId(), job.getCovered(), job.getEnded(), remaining, done);
        }
    }

    /**
     * Starts ending every live session in the scope, both forms of {@code spareSessionId} excepted. First, in a
     * transaction of its own, the job is recorded together with the cut-off, which makes the sessions unusable at
     * once whatever their number ({@link CutOff}); nothing else happens in that transaction, so a failure later
     * cannot undo it. Then, in this request, as many batches as the cut-off leaves to it, each a transaction of its
     * own: every batch when there is no cut-off (the covered sessions must be ended before the answer), the first
     * one for a user (a user's few sessions end before the answer), none for a realm. The rest goes to the
     * background once this request has ended.
     */
    public static Progress start(
            KeycloakSession session,
            RealmModel realm,
            Scope scope,
            String spareSessionId,
            EndReason reason,
            ClientModel actor,
            CutOff cutOff) {
        SessionService sessions = new SessionService(session, realm);
        long covered = sessions.countExact(scope.filter());
        if (spareSessionId != null) {
            covered -= sessions.findAll(spareSessionId).stream()
                    .filter(scope::covers)
                    .count();
        }
        long now = Time.currentTimeMillis();
        int second = Time.currentTime();
        EndingJobEntity job = new EndingJobEntity();
        job.setId(KeycloakModelUtils.generateId());
        job.setRealmId(realm.getId());
        job.setUserId(scope.onlyUser());
        job.setClientId(scope.filter().clientUuid());
        job.setFilter(StoredFilter.write(scope.filter()));
        job.setSpareSessionId(spareSessionId);
        job.setReason(reason.name());
        job.setActorClientId(actor == null ? null : actor.getId());
        job.setBaseUri(session.getContext().getUri().getBaseUri().toString());
        job.setCutOff(second);
        job.setCovered(Math.max(0, covered));
        job.setState(JobState.RUNNING);
        job.setCreated(now);
        job.setUpdated(now);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        KeycloakModelUtils.runJobInTransaction(factory, cut -> {
            RealmModel r = cut.realms().getRealm(realm.getId());
            cut.getContext().setRealm(r);
            cutOff.apply(cut, r, second + 1);
            em(cut).persist(job);
        });
        String id = job.getId();
        int batches = !cutOff.atOnce() ? Integer.MAX_VALUE : cutOff.ofUsers() ? 1 : 0;
        long seconds = cutOff.atOnce() ? FIRST_BATCH_SECONDS : BATCH_SECONDS;
        Next next = Next.MORE;
        for (int i = 0; i < batches && next == Next.MORE; i++) {
            next = KeycloakModelUtils.runJobInTransactionWithResult(
                    factory, session.getContext(), batch -> runBatch(batch, id, seconds), "Bulk ending of sessions");
        }
        if (next != Next.DONE) {
            EndingJobRunner runner = session.getProvider(EndingJobRunner.class);
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    submit();
                }

                @Override
                protected void rollbackImpl() {
                    submit(); // the job is committed already: it goes on whatever became of this request
                }

                private void submit() {
                    if (runner != null) {
                        runner.submit(id);
                    }
                }
            });
        }
        Progress progress = batches == 0
                ? Progress.of(job)
                : KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> progress(s, realm.getId(), id));
        LOG.debugf(
                "Bulk ending %s in realm %s: %d sessions covered, %d ended in the request",
                id, realm.getName(), progress.covered(), progress.ended());
        return progress;
    }

    /**
     * Counts sessions of the job's scope that the caller ended itself, outside the job (the job then finds them
     * gone), so that its progress tells the whole story. Only before the job is handed to the background.
     */
    public static Progress credit(KeycloakSession session, String realmId, String jobId, long ended) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
            EndingJobEntity job = em(s).find(EndingJobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
            if (job != null && ended > 0) {
                job.setEnded(job.getEnded() + ended);
            }
            return progress(s, realmId, jobId);
        });
    }

    /** Where the job stands, or null when there is no such job in the realm. */
    public static Progress progress(KeycloakSession session, RealmModel realm, String jobId) {
        return progress(session, realm.getId(), jobId);
    }

    private static Progress progress(KeycloakSession session, String realmId, String jobId) {
        EndingJobEntity job = em(session).find(EndingJobEntity.class, jobId);
        return job == null || !job.getRealmId().equals(realmId) ? null : Progress.of(job);
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
     * at once, on any node). Runs on a background thread, or in a transaction of its own within the request that
     * started the job.
     */
    static Next runBatch(KeycloakSession session, String jobId) {
        return runBatch(session, jobId, BATCH_SECONDS);
    }

    private static Next runBatch(KeycloakSession session, String jobId, long seconds) {
        EndingJobEntity job = em(session).find(EndingJobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.getState() == JobState.DONE) {
            return Next.DONE;
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        if (realm == null) {
            job.setState(JobState.DONE);
            return Next.DONE;
        }
        session.getContext().setRealm(realm);
        if (job.getBaseUri() != null) {
            // A background thread: Keycloak's logout code gets the request URI of the request that started the job.
            session.getContext().setHttpRequest(StandInRequest.requestless(URI.create(job.getBaseUri())));
        }
        return runBatch(session, realm, job, seconds);
    }

    private static Next runBatch(KeycloakSession session, RealmModel realm, EndingJobEntity job, long seconds) {
        SessionService sessions = new SessionService(session, realm);
        Scope scope = Scope.of(job);
        EndReason reason = EndReason.valueOf(job.getReason());
        ClientModel actor = job.getActorClientId() == null ? null : realm.getClientById(job.getActorClientId());
        SessionKey cursor = job.getCursorId() == null
                ? null
                : new SessionKey(job.getCursorId(), SessionType.of(job.isCursorOffline()));
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
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
            job.setState(JobState.DONE);
        } else if (next == Next.DONE) {
            next = Next.MORE;
        }
        job.setUpdated(Time.currentTimeMillis());
        return next;
    }

    /** Jobs that are still running, oldest first (for the runner's resumption). */
    static List<EndingJobEntity> running(KeycloakSession session) {
        return em(session)
                .createNamedQuery("scEndingJobsRunning", EndingJobEntity.class)
                .getResultList();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
