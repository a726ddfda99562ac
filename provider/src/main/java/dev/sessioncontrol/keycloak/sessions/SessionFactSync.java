package dev.sessioncontrol.keycloak.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keeps {@link SessionFactEntity} rows in step with Keycloak's persistent sessions. A stamped session's row is
 * written once its sign-in has committed, in a transaction of its own, so the sign-in neither waits on it inside its
 * transaction nor fails with it. A background pass ({@link #reconcile}) gives a row to every session without one
 * (made before the extension, or by a node without it) and removes the rows of sessions Keycloak removed itself.
 */
public final class SessionFactSync {

    private static final Logger LOG = Logger.getLogger(SessionFactSync.class);

    /** Sessions read and given rows per transaction of the background pass. */
    static final int CHUNK = 1000;

    /**
     * Sessions younger than this are left to the sign-in that writes their row: a pass never races it for the same
     * key.
     */
    static final int SETTLE_SECONDS = 60;

    private SessionFactSync() {}

    /** The row of a session as it is now (public for a test seeder that writes sessions as a sign-in would). */
    public static SessionFactEntity of(UserSessionModel s) {
        return row(
                s.getId(),
                s.isOffline() ? "1" : "0",
                s.getRealm().getId(),
                s.getStarted(),
                s.getIpAddress(),
                s::getNote);
    }

    /** The row of a session from its stored JSON ({@code DATA} of Keycloak's table), as {@link #of} would make it. */
    static SessionFactEntity of(String id, String offlineFlag, String realmId, int createdOn, String data) {
        JsonNode root = SessionJson.read(data);
        if (root == null && data != null) {
            LOG.debugf("Unreadable data of session %s: indexed without it", id);
        }
        JsonNode notes = SessionJson.notes(root);
        return row(
                id,
                offlineFlag,
                realmId,
                createdOn,
                SessionJson.text(root, "ipAddress"),
                name -> SessionJson.text(notes, name));
    }

    private static SessionFactEntity row(
            String id,
            String offlineFlag,
            String realmId,
            int createdOn,
            String ipAddress,
            UnaryOperator<String> note) {
        SessionFactEntity row = new SessionFactEntity();
        row.setSessionId(id);
        row.setOffline(offlineFlag);
        row.setRealmId(realmId);
        row.setCreatedOn(createdOn);
        row.setDeviceType(note.apply(SessionNotes.DEVICE_TYPE));
        row.setIpHex(AddressRange.hex(ipAddress));
        String last = note.apply(SessionNotes.LAST_IP);
        row.setLastIpHex(last == null ? null : AddressRange.hex(last));
        row.setCountry(country(note.apply(SessionNotes.PLACE)));
        row.setLastCountry(country(note.apply(SessionNotes.LAST_PLACE)));
        return row;
    }

    /** Writes the new session's row once the current transaction commits. */
    static void recordAfterCommit(KeycloakSession session, UserSessionModel s) {
        SessionFactEntity row = of(s);
        afterCommit(session, em -> em.persist(row), "row of session " + row.getSessionId());
    }

    /** Records the session's last address (and its country) once the current transaction commits. */
    static void lastAddressAfterCommit(KeycloakSession session, UserSessionModel s) {
        SessionFactEntity row = of(s);
        afterCommit(
                session,
                em -> em.createNamedQuery("scFactLastAddress")
                        .setParameter("lastIpHex", row.getLastIpHex())
                        .setParameter("lastCountry", row.getLastCountry())
                        .setParameter("sessionId", row.getSessionId())
                        .setParameter("offline", row.getOffline())
                        .executeUpdate(),
                "last address of session " + row.getSessionId());
    }

    private static void afterCommit(KeycloakSession session, Consumer<EntityManager> write, String what) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> write.accept(em(s)));
                } catch (RuntimeException e) {
                    // Already there (a background pass was quicker), or the database is away: the next pass mends.
                    LOG.debugf(e, "Not written now: %s", what);
                }
            }

            @Override
            protected void rollbackImpl() {
                // the session was not made
            }
        });
    }

    /**
     * One pass over a realm: with {@code orphans}, removes the rows of sessions that are gone; then gives a row to
     * every settled session without one that started at or after {@code since} (null: any), a chunk per
     * transaction, until done or {@code untilMillis}.
     *
     * @param resumeAfter where an earlier pass that ran out of time stopped (in key order), or null
     * @return whether the pass got through every session it was to look at, and else where it stopped
     */
    static Progress reconcile(
            KeycloakSessionFactory factory,
            String realmId,
            Integer since,
            boolean orphans,
            SessionKey resumeAfter,
            long untilMillis) {
        int settled = Time.currentTime() - SETTLE_SECONDS;
        int removed = !orphans
                ? 0
                : KeycloakModelUtils.runJobInTransactionWithResult(
                        factory,
                        s -> em(s).createQuery(
                                        "delete from SessionFactEntity f where f.realmId = :realmId and f.createdOn < :settled"
                                                + " and not exists (select s.userSessionId from PersistentUserSessionEntity s"
                                                + " where s.userSessionId = f.sessionId and s.offline = f.offline)")
                                .setParameter("realmId", realmId)
                                .setParameter("settled", settled)
                                .executeUpdate());
        int written = 0;
        String afterId = resumeAfter == null ? "" : resumeAfter.id();
        String afterFlag = resumeAfter == null ? "" : resumeAfter.type().flag();
        boolean done = false;
        while (!done && System.currentTimeMillis() < untilMillis) {
            String fromId = afterId;
            String fromFlag = afterFlag;
            // The next keys in key order, then which of them lack a row, then only those sessions' data: three short
            // reads a chunk however many sessions already have their rows (an anti-join with an order and a limit
            // lets the database sort every session instead).
            List<Object[]> keys = KeycloakModelUtils.runJobInTransactionWithResult(
                    factory,
                    s -> em(s).createQuery(
                                    "select s.userSessionId, s.offline from PersistentUserSessionEntity s"
                                            + " where s.realmId = :realmId and s.createdOn < :settled"
                                            + " and s.createdOn >= :since and (s.userSessionId > :afterId"
                                            + " or (s.userSessionId = :afterId and s.offline > :afterFlag))"
                                            + " order by s.userSessionId, s.offline",
                                    Object[].class)
                            .setParameter("realmId", realmId)
                            .setParameter("settled", settled)
                            .setParameter("since", since == null ? Integer.MIN_VALUE : since)
                            .setParameter("afterId", fromId)
                            .setParameter("afterFlag", fromFlag)
                            .setMaxResults(CHUNK)
                            .getResultList());
            done = keys.size() < CHUNK;
            if (keys.isEmpty()) {
                break;
            }
            Object[] last = keys.get(keys.size() - 1);
            afterId = (String) last[0];
            afterFlag = (String) last[1];
            try {
                written += KeycloakModelUtils.runJobInTransactionWithResult(
                        factory, s -> writeMissing(em(s), realmId, keys));
            } catch (RuntimeException e) {
                // A row another writer made meanwhile: this chunk waits for the next pass.
                LOG.debugf(e, "Session rows of realm %s not written in this pass", realmId);
                done = false;
            }
        }
        if (removed > 0 || written > 0) {
            LOG.debugf("Realm %s: %d session rows written, %d of removed sessions dropped", realmId, written, removed);
        }
        return new Progress(
                done,
                done || afterId.isEmpty() ? null : new SessionKey(afterId, SessionType.of("1".equals(afterFlag))));
    }

    /** How far a pass over a realm got: done, or the last session key it looked at. */
    record Progress(boolean done, SessionKey stoppedAfter) {}

    /**
     * The node's background passes: every minute the sessions started since the last complete pass (those a node
     * without the extension makes now), and every {@link #FULL_EVERY_MILLIS} all sessions and the rows of removed
     * ones, so that a minute's pass stays a short range read on the start index even at millions of sessions.
     */
    static final class Passes {

        static final long FULL_EVERY_MILLIS = 15 * 60_000L;

        /** Per realm: sessions started before this second were all looked at by a complete pass. */
        private final Map<String, Integer> complete = new ConcurrentHashMap<>();

        /** Per realm: where a pass that ran out of time stopped, in key order. */
        private final Map<String, SessionKey> stopped = new ConcurrentHashMap<>();

        private volatile long lastFull;

        /** Every realm in turn, within the time given. */
        void run(KeycloakSessionFactory factory, long untilMillis) {
            long now = System.currentTimeMillis();
            boolean full = now - lastFull >= FULL_EVERY_MILLIS;
            List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(
                    factory,
                    s -> s.realms().getRealmsStream().map(RealmModel::getId).toList());
            complete.keySet().retainAll(realms);
            stopped.keySet().retainAll(realms);
            boolean allDone = true;
            for (String realmId : realms) {
                if (System.currentTimeMillis() >= untilMillis) {
                    return;
                }
                // Sessions that settled meanwhile, and a margin for a clock a little behind another node's.
                int mark = Time.currentTime() - 2 * SETTLE_SECONDS;
                SessionKey resume = stopped.get(realmId);
                // A pass that ran out of time goes on where it stopped, so a large backfill is not walked again.
                boolean fullHere = full && resume == null;
                Integer since = fullHere || resume != null ? null : complete.get(realmId);
                Progress progress = reconcile(factory, realmId, since, fullHere, resume, untilMillis);
                if (progress.done()) {
                    stopped.remove(realmId);
                    if (resume == null || full) {
                        complete.put(realmId, mark);
                    }
                } else if (progress.stoppedAfter() != null) {
                    stopped.put(realmId, progress.stoppedAfter());
                }
                allDone &= progress.done();
            }
            if (full && allDone) {
                lastFull = now;
            }
        }
    }

    /** Writes the rows of those of these sessions (id, type) that have none; answers how many. */
    private static int writeMissing(EntityManager em, String realmId, List<Object[]> keys) {
        List<String> ids = new ArrayList<>(keys.size());
        keys.forEach(k -> ids.add((String) k[0]));
        Set<String> have = new HashSet<>();
        em.createQuery(
                        "select f.sessionId, f.offline from SessionFactEntity f where f.sessionId in :ids",
                        Object[].class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(row -> have.add(row[0] + ":" + row[1]));
        List<String> missing = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (Object[] key : keys) {
            if (!have.contains(key[0] + ":" + key[1])) {
                missing.add((String) key[0]);
                wanted.add(key[0] + ":" + key[1]);
            }
        }
        if (missing.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = em.createQuery(
                        "select s.userSessionId, s.offline, s.createdOn, s.data from PersistentUserSessionEntity s"
                                + " where s.userSessionId in :ids and s.realmId = :realmId",
                        Object[].class)
                .setParameter("ids", missing)
                .setParameter("realmId", realmId)
                .getResultList();
        // One round trip per batch rather than per row: what makes a million rows minutes, not hours.
        em.unwrap(Session.class).setJdbcBatchSize(CHUNK);
        int written = 0;
        for (Object[] row : rows) {
            if (wanted.contains(row[0] + ":" + row[1])) {
                em.persist(
                        of((String) row[0], (String) row[1], realmId, ((Number) row[2]).intValue(), (String) row[3]));
                written++;
            }
        }
        return written;
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    private static String country(String placeNote) {
        Place place = Place.ofNote(placeNote);
        return place == null ? null : place.countryCode();
    }
}
