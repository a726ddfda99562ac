package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Lists, reads and ends the online sessions of one realm. All listing is paged in the database; every ending
 * goes through {@link SessionTerminator}.
 */
public final class SessionService {

    /** Largest page any caller gets. */
    public static final int MAX_PAGE_SIZE = 500;
    /** Chunk size when walking all matches of a bulk operation. */
    private static final int BULK_CHUNK = 200;

    /** Ids of the sessions this extension ended in the current request, kept on its {@link KeycloakSession}. */
    private static final String ENDED_IN_REQUEST = SessionService.class.getName() + ".ended-in-request";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SessionIndex index;
    private final SessionCounts counts;

    public SessionService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.index = new SessionIndex(session, realm);
        this.counts = session.getProvider(SessionCounts.class);
    }

    public Page<SessionView> list(SessionFilter filter, SessionSort sort, int first, int max, String currentSessionId) {
        int size = Math.min(Math.max(max, 0), MAX_PAGE_SIZE);
        long total = count(filter);
        if (size == 0 || first >= total) {
            return new Page<>(total, List.of());
        }
        List<SessionView> items = new ArrayList<>(size);
        for (String id : index.pageIds(filter, sort, Math.max(first, 0), size)) {
            UserSessionModel s = find(id);
            if (s != null) {
                items.add(SessionViews.of(s, currentSessionId));
            }
        }
        return new Page<>(total, items);
    }

    /** The live online session with this id in this realm, or null. */
    public UserSessionModel find(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        UserSessionModel s = session.sessions().getUserSession(realm, id);
        return s != null && !s.isOffline() && realm.getId().equals(s.getRealm().getId()) && isLive(s) ? s : null;
    }

    /** Neither being logged out nor past its idle or max lifespan (Keycloak may not have swept it yet). */
    private boolean isLive(UserSessionModel s) {
        UserSessionModel.State state = s.getState();
        return state != UserSessionModel.State.LOGGING_OUT && state != UserSessionModel.State.LOGGED_OUT
                && SessionViews.expires(realm, s.isRememberMe(), s.getStarted() * 1000L,
                        s.getLastSessionRefresh() * 1000L) > Time.currentTimeMillis();
    }

    public SessionView view(UserSessionModel s, String currentSessionId) {
        return SessionViews.of(s, currentSessionId);
    }

    /**
     * Live sessions matching the filter. Realm-wide counts are kept by the node and follow every sign-in and every
     * ending through this extension on any node at once; other changes (expiry, Keycloak's own sign-outs) show at
     * the next background recount (see {@link SessionCounts}).
     */
    public long count(SessionFilter filter) {
        return counts == null ? index.count(filter) : counts.count(realm.getId(), filter, () -> index.count(filter));
    }

    /** Live sessions matching the filter, counted in the database now: for numbers a person acts on. */
    public long countExact(SessionFilter filter) {
        return index.count(filter);
    }

    /** The realm's stats, kept like {@link #count} (users who just crossed the threshold are counted now). */
    public RealmStats stats(RealmStats.Query query) {
        if (counts == null) {
            return index.stats(query, session);
        }
        return counts.stats(realm.getId(), query, () -> index.stats(query, session), index::countsOfUsers);
    }

    /**
     * A session was created in this request: once the request commits, the counts of every node include it.
     * Called once per new session, by the listener that stamps it.
     */
    public void began(UserSessionModel s) {
        if (counts != null) {
            counts.record(session, SessionChange.began(realm.getId(), SessionFacts.of(s)));
        }
    }

    /**
     * Sessions of the realm changed outside this extension (a sign-out by Keycloak itself, an expiry): the counts
     * of every node are recounted soon.
     */
    public void changedElsewhere() {
        if (counts != null) {
            counts.recordStale(session, realm.getId());
        }
    }

    /** Whether this extension ended the session in the current request (its own LOGOUT event follows). */
    public static boolean endedInThisRequest(KeycloakSession session, String sessionId) {
        Set<?> ended = session.getAttribute(ENDED_IN_REQUEST, Set.class);
        return ended != null && ended.contains(sessionId);
    }

    /**
     * Ends one session through the one ending path; the counts of every node follow once the request commits.
     * A session that another request (on any node) is ending is left to it.
     *
     * @return whether this call ended it
     */
    public boolean end(UserSessionModel s, EndReason reason, ClientModel actor, Map<String, String> details) {
        if (EndingClaims.claim(session, s.getId()) == null) {
            return false;
        }
        endClaimed(s, reason, actor, details);
        return true;
    }

    /**
     * Ends the live session with this id, claimed before it is read, so that a session another request has just
     * ended is not ended twice however the requests interleave.
     *
     * @return whether this call ended it (false: not live, or another request is ending it)
     */
    public boolean endById(String sessionId, EndReason reason, ClientModel actor, Map<String, String> details) {
        EndingClaims.Claim claim = EndingClaims.claim(session, sessionId);
        if (claim == null) {
            return false;
        }
        UserSessionModel s = find(sessionId);
        if (s == null) {
            claim.release();
            return false;
        }
        endClaimed(s, reason, actor, details);
        return true;
    }

    private void endClaimed(UserSessionModel s, EndReason reason, ClientModel actor, Map<String, String> details) {
        SessionFacts facts = SessionFacts.of(s);
        @SuppressWarnings("unchecked")
        Set<String> ended = session.getAttribute(ENDED_IN_REQUEST, Set.class);
        if (ended == null) {
            ended = new HashSet<>();
            session.setAttribute(ENDED_IN_REQUEST, ended);
        }
        ended.add(s.getId());
        SessionTerminator.end(session, realm, s, reason, actor, details);
        if (counts != null) {
            counts.record(session, SessionChange.ended(realm.getId(), facts));
        }
    }

    /**
     * Ends every matching session except those {@code spare} accepts, walking the matches in bounded chunks.
     *
     * @return how many sessions were ended
     */
    public int endAll(SessionFilter filter, Predicate<UserSessionModel> spare, EndReason reason, ClientModel actor) {
        int ended = 0;
        String after = null;
        List<String> chunk;
        do {
            chunk = index.idsAfter(filter, after, BULK_CHUNK);
            for (String id : chunk) {
                EndingClaims.Claim claim = EndingClaims.claim(session, id);
                if (claim == null) {
                    continue; // another request is ending it
                }
                UserSessionModel s = find(id);
                if (s == null || spare.test(s)) {
                    claim.release();
                    continue;
                }
                endClaimed(s, reason, actor, Map.of());
                ended++;
            }
            after = chunk.isEmpty() ? null : chunk.get(chunk.size() - 1);
        } while (chunk.size() == BULK_CHUNK);
        return ended;
    }

    /**
     * The user's live sessions as committed in the database (sessions created by requests still running, or
     * whose write is still queued, are not there yet), optionally of one device type only.
     */
    public List<SessionRow> liveSessionsOfUser(String userId, String deviceType) {
        return index.rowsOfUser(userId, deviceType);
    }
}
