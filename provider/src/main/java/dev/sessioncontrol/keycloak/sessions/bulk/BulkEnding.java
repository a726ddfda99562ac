package dev.sessioncontrol.keycloak.sessions.bulk;

import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.Place;
import dev.sessioncontrol.keycloak.sessions.SessionFacts;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionKey;
import dev.sessioncontrol.keycloak.sessions.SessionNotes;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import dev.sessioncontrol.keycloak.support.StandInRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Ending many sessions at once (every session of a realm, of a user, of a user in one client, what matches a filter)
 * without one transaction over an unbounded number of them: a job row in the database ({@link EndingJobEntity}) says
 * what is covered; the job hands out its sessions in ranges of at most {@link #BATCH} keys, in key order, and workers
 * on every node lease ranges ({@link EndingRangeEntity}) and end their sessions through the one ending path, each
 * range its own transaction of at most {@link #BATCH_SECONDS} seconds ({@link EndingJobRunner}). What the caller is
 * promised before the answer, that every covered session is unusable, comes from the {@link CutOff} committed with
 * the job, or, where no cut-off fits, from ending every covered session before the answer, the request and the
 * workers together. A node that stops midway loses nothing: a range's progress is committed with it, a lease that
 * lapses is taken over by any node, ending a session twice is impossible (claims) and harmless (a gone session is
 * skipped).
 *
 * <p>Each session ended gets its own {@code LOGOUT} event (with the reason and type), written in its range: the events
 * of a million sessions are a million rows, as Keycloak's own per-session logouts would be, but no transaction writes
 * more than one range of them.
 */
public final class BulkEnding {

    static final int BATCH = 200;
    /** Ranges handed out by one scan of the job's sessions. */
    static final int RANGES_PER_SCAN = 10;

    static final long BATCH_SECONDS = 20;
    /** How long a worker holds a range: longer than a batch may take, so only a stopped worker's lapses. */
    static final long LEASE_MILLIS = 60_000;
    /** The pause before a range retries a session another request holds. */
    static final long WAIT_MILLIS = 2000;
    /**
     * Longest a request ends the sessions of its job itself: the request's own transaction, which Keycloak times out
     * after a few minutes, must still commit the answer. What is left after it the workers end, and the answer says
     * how many (it is then not done).
     */
    static final long IN_REQUEST_SECONDS = 180;
    /** How often a request that ends its job itself looks whether the other workers are done. */
    static final long POLL_MILLIS = 100;
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
            if (filter.country() != null && !inCountry(s, filter.country())) {
                return false;
            }
            return SessionFacts.of(s).matches(filter.withUsers(null));
        }

        /** As the listing matches a country: the sign-in or the last address's place is in it. */
        private static boolean inCountry(UserSessionModel s, String country) {
            for (String note : new String[] {SessionNotes.PLACE, SessionNotes.LAST_PLACE}) {
                Place place = Place.ofNote(s.getNote(note));
                if (place != null && place.countryCode().equals(country)) {
                    return true;
                }
            }
            return false;
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
            return of(job, 0);
        }

        /** With {@code inRanges} ended by ranges not yet folded into the job's count. */
        static Progress of(EndingJobEntity job, long inRanges) {
            boolean done = job.getState() == JobState.DONE;
            long ended = job.getEnded() + inRanges;
            // Sessions that expired or were ended otherwise while the job ran are covered but never ended by it.
            long remaining = done ? 0 : Math.max(0, job.getCovered() - ended);
            return new Progress(job.getId(), job.getCovered(), ended, remaining, done);
        }
    }

    /**
     * Starts ending every live session in the scope, both forms of {@code spareSessionId} excepted. First, in a
     * transaction of its own, the job is recorded together with the cut-off, which makes the sessions unusable at
     * once whatever their number ({@link CutOff}); nothing else happens in that transaction, so a failure later
     * cannot undo it. Then this request works on the job as long as the cut-off leaves to it: until it is done when
     * there is no cut-off (the covered sessions must be ended before the answer; the workers help), a few seconds
     * for users (their few sessions end before the answer), not at all for a realm. The rest is the workers'.
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
        EndingJobRunner runner = session.getProvider(EndingJobRunner.class);
        if (!cutOff.atOnce()) {
            // Nothing makes the sessions unusable but ending them: the request ends them, and where there is more
            // than one range every worker of the cluster helps (this node's at once, the others' at their next look).
            if (job.getCovered() > BATCH) {
                submit(runner, id);
            }
            work(session, id, IN_REQUEST_SECONDS, true);
        } else {
            if (cutOff.ofUsers()) {
                work(session, id, FIRST_BATCH_SECONDS, false);
            }
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    submit(runner, id);
                }

                @Override
                protected void rollbackImpl() {
                    submit(runner, id); // the job is committed already: it goes on whatever became of this request
                }
            });
        }
        boolean workedOn = !cutOff.atOnce() || cutOff.ofUsers();
        Progress progress = !workedOn
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
        if (job == null || !job.getRealmId().equals(realmId)) {
            return null;
        }
        return Progress.of(
                job,
                em(session)
                        .createNamedQuery("scEndingRangesEnded", Long.class)
                        .setParameter("jobId", jobId)
                        .getSingleResult());
    }

    private static void submit(EndingJobRunner runner, String jobId) {
        if (runner != null) {
            runner.submit(jobId);
        }
    }

    /**
     * Works on the job in this request for at most about {@code seconds}: with {@code untilDone} until the job is
     * done (while other workers hold the last ranges it looks again every {@value #POLL_MILLIS} ms, and a range whose
     * worker stopped is taken over when its lease runs out), else only while there is a range free for it.
     */
    private static void work(KeycloakSession session, String jobId, long seconds, boolean untilDone) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Next next = Next.MORE;
        while (next != Next.DONE) {
            long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
            if (left <= 0 || (!untilDone && next != Next.MORE)) {
                return; // the rest is the background's
            }
            if (next != Next.MORE) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(next == Next.WAIT ? WAIT_MILLIS : POLL_MILLIS));
                if (Thread.currentThread().isInterrupted()) {
                    return; // the job is committed: the workers finish it
                }
            }
            next = step(factory, session.getContext(), jobId, Math.max(1, Math.min(left, BATCH_SECONDS)));
        }
    }

    /** What a step left to do. */
    enum Next {
        /** Nothing: the job is done. */
        DONE,
        /** Another step, now. */
        MORE,
        /** Another step, in a moment: a session is held by another request (perhaps of a node that died). */
        WAIT,
        /** Nothing free now: other workers hold every range left; one may be free again when its lease ends. */
        IDLE
    }

    /**
     * One step of a job, on any node, in the request that started it or on a background worker: lease a range of its
     * sessions (a free one, else the next one the job hands out) in a short transaction under the job row's lock,
     * then end the range's sessions in a transaction of their own under the range row's lock, for at most
     * {@code seconds}. Several workers run steps of one job at once, each on its own range.
     */
    static Next step(KeycloakSessionFactory factory, KeycloakContext context, String jobId, long seconds) {
        Lease lease = KeycloakModelUtils.runJobInTransactionWithResult(
                factory, context, s -> lease(s, jobId), "Bulk ending of sessions: lease");
        if (lease.next() != Next.MORE) {
            return lease.next();
        }
        return KeycloakModelUtils.runJobInTransactionWithResult(
                factory, context, s -> endRange(s, jobId, lease.seq(), seconds), "Bulk ending of sessions: range");
    }

    /** The next step's range ({@code seq}), or why there is none ({@code next}). */
    record Lease(Next next, int seq) {}

    private static Lease lease(KeycloakSession session, String jobId) {
        EntityManager em = em(session);
        EndingJobEntity job = em.find(EndingJobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.getState() == JobState.DONE) {
            return new Lease(Next.DONE, -1);
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        if (realm == null) {
            finish(em, job);
            return new Lease(Next.DONE, -1);
        }
        long now = Time.currentTimeMillis();
        job.setUpdated(now);
        List<EndingRangeEntity> free = em.createNamedQuery("scEndingRangesFree", EndingRangeEntity.class)
                .setParameter("jobId", jobId)
                .setParameter("now", now)
                .setMaxResults(1)
                .getResultList();
        if (!free.isEmpty()) {
            free.get(0).setLeaseUntil(now + LEASE_MILLIS);
            return new Lease(Next.MORE, free.get(0).getSeq());
        }
        if (!job.isScanned()) {
            session.getContext().setRealm(realm);
            SessionKey cursor = key(job.getCursorId(), job.isCursorOffline());
            // One scan hands out several ranges: a filter the database matches by scanning (a start time, an
            // address) costs about as much for one range as for ten, and the job row is locked meanwhile.
            List<SessionKey> keys = new SessionService(session, realm)
                    .keysAfter(Scope.of(job).filter(), cursor, BATCH * RANGES_PER_SCAN, (int) job.getCutOff());
            job.setScanned(keys.size() < BATCH * RANGES_PER_SCAN);
            int first = job.getRanges();
            for (int from = 0; from < keys.size(); from += BATCH) {
                SessionKey last = keys.get(Math.min(keys.size(), from + BATCH) - 1);
                EndingRangeEntity range = new EndingRangeEntity();
                range.setJobId(jobId);
                range.setSeq(job.getRanges());
                range.setAfterId(cursor == null ? null : cursor.id());
                range.setAfterOffline(cursor != null && cursor.type().offline());
                range.setLastId(last.id());
                range.setLastOffline(last.type().offline());
                range.setLeaseUntil(from == 0 ? now + LEASE_MILLIS : 0);
                em.persist(range);
                job.setRanges(job.getRanges() + 1);
                cursor = last;
            }
            if (!keys.isEmpty()) {
                job.setCursorId(cursor.id());
                job.setCursorOffline(cursor.type().offline());
                return new Lease(Next.MORE, first);
            }
        }
        if (nextFree(em, jobId) == null) {
            finish(em, job);
            return new Lease(Next.DONE, -1);
        }
        return new Lease(Next.IDLE, -1);
    }

    /** When the first range still open is free again (epoch milliseconds), or null when none is open. */
    private static Long nextFree(EntityManager em, String jobId) {
        return em.createNamedQuery("scEndingRangesNextFree", Long.class)
                .setParameter("jobId", jobId)
                .getSingleResult();
    }

    /** As above, in a transaction of its own; now when none is open. */
    static long nextFree(KeycloakSessionFactory factory, String jobId) {
        Long at = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> nextFree(em(s), jobId));
        return at == null ? Time.currentTimeMillis() : at;
    }

    /** The job is done: what its ranges ended is folded into its count, and the ranges go. */
    private static void finish(EntityManager em, EndingJobEntity job) {
        long inRanges = em.createNamedQuery("scEndingRangesEnded", Long.class)
                .setParameter("jobId", job.getId())
                .getSingleResult();
        em.createNamedQuery("scEndingRangesDeleteByJob")
                .setParameter("jobId", job.getId())
                .executeUpdate();
        job.setEnded(job.getEnded() + inRanges);
        job.setState(JobState.DONE);
        job.setUpdated(Time.currentTimeMillis());
    }

    private static Next endRange(KeycloakSession session, String jobId, int seq, long seconds) {
        EntityManager em = em(session);
        EndingRangeEntity range =
                em.find(EndingRangeEntity.class, new EndingRangeEntity.Key(jobId, seq), LockModeType.PESSIMISTIC_WRITE);
        EndingJobEntity job = em.find(EndingJobEntity.class, jobId);
        if (range == null || range.isDone() || job == null) {
            return Next.MORE;
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        if (realm == null) {
            return Next.MORE; // the next lease finds the realm gone and ends the job
        }
        session.getContext().setRealm(realm);
        if (job.getBaseUri() != null) {
            // A background thread: Keycloak's logout code gets the request URI of the request that started the job.
            session.getContext().setHttpRequest(StandInRequest.requestless(URI.create(job.getBaseUri())));
        }
        SessionService sessions = new SessionService(session, realm);
        EndReason reason = EndReason.valueOf(job.getReason());
        ClientModel actor = job.getActorClientId() == null ? null : realm.getClientById(job.getActorClientId());
        EndingJobRunner runner = session.getProvider(EndingJobRunner.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<SessionKey> keys = sessions.keysBetween(
                Scope.of(job).filter(),
                key(range.getAfterId(), range.isAfterOffline()),
                key(range.getLastId(), range.isLastOffline()),
                BATCH,
                (int) job.getCutOff());
        for (SessionKey key : keys) {
            if (!key.id().equals(job.getSpareSessionId())) {
                int ended = end(sessions, runner, key, reason, actor);
                if (ended < 0) {
                    // Not passed over: the range is taken up again at it, in a moment.
                    range.setLeaseUntil(Time.currentTimeMillis() + WAIT_MILLIS);
                    return Next.WAIT;
                }
                range.setEnded(range.getEnded() + ended);
            }
            range.setAfterId(key.id());
            range.setAfterOffline(key.type().offline());
            if (System.nanoTime() > deadline && !key.equals(keys.get(keys.size() - 1))) {
                range.setLeaseUntil(0); // slow clients: commit what is done, whoever comes next goes on
                return Next.MORE;
            }
        }
        range.setDone(true);
        return Next.MORE;
    }

    /** Ends one session, with at most the node's share of calls to each of its applications' back-channels. */
    private static int end(
            SessionService sessions, EndingJobRunner runner, SessionKey key, EndReason reason, ClientModel actor) {
        UserSessionModel s = sessions.find(key);
        if (s == null) {
            return 0;
        }
        try (BackchannelGate.Pass pass =
                runner == null ? BackchannelGate.Pass.NONE : runner.gate().enter(s)) {
            return sessions.endByIdUnlessHeld(key, reason, actor, Map.of());
        }
    }

    private static SessionKey key(String id, boolean offline) {
        return id == null ? null : new SessionKey(id, SessionType.of(offline));
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
