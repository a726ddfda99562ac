package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    private static final Set<SessionType> ALL_FORMS = EnumSet.allOf(SessionType.class);

    /** What {@link #claimAndEnd} answers when another request holds the session's claim. */
    private static final int HELD = -1;

    /** Ids of the sessions this extension ended in the current request, kept on its {@link KeycloakSession}. */
    private static final String ENDED_IN_REQUEST = SessionService.class.getName() + ".ended-in-request";
    /** The same, each form ({@link SessionKey}) apart. */
    private static final String ENDED_FORMS_IN_REQUEST = SessionService.class.getName() + ".forms-ended-in-request";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SessionIndex index;
    private final SessionCounts counts;
    private final SessionRecorder recorder;

    public SessionService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.index = new SessionIndex(session, realm);
        this.counts = session.getProvider(SessionCounts.class);
        this.recorder = session.getProvider(SessionRecorder.class);
    }

    public Page<SessionView> list(SessionFilter filter, SessionSort sort, int first, int max, String currentSessionId) {
        return list(filter, sort, Paging.offset(first, max), currentSessionId);
    }

    /**
     * One page of a listing, read by cursor or by offset, with the cursors of the pages next to it. A cursor page
     * costs what the first page costs; an offset page walks the listing index up to its offset.
     */
    public Page<SessionView> list(SessionFilter filter, SessionSort sort, Paging paging, String currentSessionId) {
        int size = Math.min(Math.max(paging.max(), 0), MAX_PAGE_SIZE);
        long total = count(filter);
        int from = paging.byCursor() ? 0 : Math.max(paging.first(), 0);
        if (size == 0 || from > 0 && from >= total) {
            // Past the end: nothing to read, and nothing learnt that would be worth a recount (any caller can ask).
            return new Page<>(total, List.of());
        }
        // The page is read even past a kept total: that number follows the extension's own changes and may lag
        // behind sessions made without it until its next recount.
        SessionIndex.Slice slice = index.page(filter, sort, new Paging(from, size, paging.after(), paging.before()));
        List<PageCursor> positions = slice.positions();
        List<SessionView> items = new ArrayList<>(positions.size());
        Locale locale = callerLocale();
        for (PageCursor position : positions) {
            UserSessionModel s = find(new SessionKey(position.id(), SessionType.of(position.offline())));
            if (s != null) {
                items.add(SessionViews.of(s, currentSessionId, locale));
            }
        }
        if (!paging.byCursor()) {
            long seen = from + positions.size();
            boolean lastPage = !slice.more() && (from == 0 || !positions.isEmpty());
            if (seen > total || lastPage && seen != total) {
                // The database says otherwise: a last page tells the exact total, else it is counted now; the kept
                // counts are recounted.
                total = lastPage ? seen : countExact(filter);
                changedElsewhere();
            }
        }
        PageCursor first = positions.isEmpty() ? null : positions.get(0);
        PageCursor last = positions.isEmpty() ? null : positions.get(positions.size() - 1);
        PageCursor next;
        PageCursor previous;
        if (paging.before() != null) {
            previous = slice.more() ? first : null;
            next = last != null ? last : paging.before();
        } else {
            next = slice.more() ? last : null;
            previous = paging.after() == null && from == 0 ? null : first != null ? first : paging.after();
        }
        return new Page<>(total, items, next == null ? null : next.text(), previous == null ? null : previous.text());
    }

    /** The live regular session with this id in this realm, or null. */
    public UserSessionModel find(String id) {
        return find(new SessionKey(id, SessionType.REGULAR));
    }

    /** The live session of this id and type in this realm, or null. */
    public UserSessionModel find(SessionKey key) {
        if (key.id() == null || key.id().isBlank()) {
            return null;
        }
        UserSessionModel s = key.type().offline()
                ? session.sessions().getOfflineUserSession(realm, key.id())
                : session.sessions().getUserSession(realm, key.id());
        return s != null
                        && s.isOffline() == key.type().offline()
                        && realm.getId().equals(s.getRealm().getId())
                        && isLive(s)
                ? s
                : null;
    }

    /** The live sessions with this id, regular first: none, one, or both forms of one sign-in. */
    public List<UserSessionModel> findAll(String id) {
        List<UserSessionModel> found = new ArrayList<>(2);
        for (SessionType type : SessionType.values()) {
            UserSessionModel s = find(new SessionKey(id, type));
            if (s != null) {
                found.add(s);
            }
        }
        return found;
    }

    /** Neither being logged out nor past its idle or max lifespan (Keycloak may not have swept it yet). */
    private boolean isLive(UserSessionModel s) {
        UserSessionModel.State state = s.getState();
        return state != UserSessionModel.State.LOGGING_OUT
                && state != UserSessionModel.State.LOGGED_OUT
                && SessionViews.expires(
                                realm,
                                s.isOffline(),
                                s.isRememberMe(),
                                s.getStarted() * 1000L,
                                s.getLastSessionRefresh() * 1000L)
                        > Time.currentTimeMillis();
    }

    public SessionView view(UserSessionModel s, String currentSessionId) {
        return SessionViews.of(s, currentSessionId, callerLocale());
    }

    /** The language places are named in: the request's first acceptable language, English without one. */
    public Locale callerLocale() {
        return callerLocale(session);
    }

    /** As {@link #callerLocale()}, for callers that need nothing else of the service. */
    public static Locale callerLocale(KeycloakSession session) {
        if (session.getContext().getHttpRequest() == null
                || session.getContext().getRequestHeaders() == null) {
            return Locale.ENGLISH;
        }
        return session.getContext().getRequestHeaders().getAcceptableLanguages().stream()
                .filter(l -> !l.getLanguage().isEmpty() && !"*".equals(l.getLanguage()))
                .findFirst()
                .orElse(Locale.ENGLISH);
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

    /** The realm's stats, counted in the database now (what the kept counts recount from). */
    public RealmStats statsExact(RealmStats.Query query) {
        return index.stats(query, session);
    }

    /** The realm's stats, kept like {@link #count} (users who just crossed the threshold are counted now). */
    public RealmStats stats(RealmStats.Query query) {
        if (counts == null) {
            return statsExact(query);
        }
        return counts.stats(realm.getId(), query, () -> statsExact(query), index::countsOfUsers);
    }

    /**
     * A session was created in this request: once the request commits, the counts of every node include it.
     * Called once per new session, by the listener that stamps it.
     */
    public void began(UserSessionModel s) {
        SessionFactSync.recordAfterCommit(session, s);
        SessionFacts facts = SessionFacts.of(s);
        if (counts != null) {
            counts.record(session, SessionChange.began(realm.getId(), facts));
        }
        if (recorder != null) {
            recorder.began(realm, facts.deviceType());
        }
    }

    /**
     * The session's last address (and so its place) changed: its indexed facts follow once the request commits.
     * Static: called on token refreshes, which need nothing else of a service.
     */
    public static void lastAddressChanged(KeycloakSession session, UserSessionModel s) {
        SessionFactSync.lastAddressAfterCommit(session, s);
    }

    /**
     * Keycloak removed a form of this sign-in without this extension (the regular session of a first sign-in for
     * offline access): the counts follow, with the facts of the form that is left.
     */
    public void removedByKeycloak(UserSessionModel remaining, boolean offline) {
        if (counts != null) {
            SessionFacts f = SessionFacts.of(remaining);
            counts.record(
                    session,
                    SessionChange.ended(
                            realm.getId(),
                            new SessionFacts(
                                    f.userId(),
                                    offline,
                                    f.deviceType(),
                                    f.clientUuids(),
                                    f.ip(),
                                    f.lastIp(),
                                    f.country(),
                                    f.lastCountry())));
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
     * Ending an offline session ends its regular twin (the same sign-in's online session) too, first. A session
     * that another request (on any node) is ending is left to it.
     *
     * @return how many sessions this call ended (0, 1, or 2 for an offline session and its twin)
     */
    public int end(UserSessionModel s, EndReason reason, ClientModel actor, Map<String, String> details) {
        return Math.max(
                0,
                claimAndEnd(
                        new SessionKey(s.getId(), SessionType.of(s.isOffline())),
                        s,
                        ALL_FORMS,
                        reason,
                        actor,
                        details));
    }

    /**
     * Ends every live session with this id, regular and offline, claimed (both forms at once) before they are read,
     * so that a session another request has just ended is not ended twice however the requests interleave.
     *
     * @return how many sessions this call ended (0: none live, or another request is ending them)
     */
    public int endById(String sessionId, EndReason reason, ClientModel actor, Map<String, String> details) {
        return endListed(sessionId, ALL_FORMS, reason, actor, details);
    }

    /**
     * As {@link #endById}, for a caller that has just read which forms of the sign-in are live ({@link
     * #liveSessionsOfUser}): only those are looked up, saving a read of a form that is not there (a form written
     * since the caller's read was not counted by it either).
     */
    public int endListed(
            String sessionId,
            Set<SessionType> listed,
            EndReason reason,
            ClientModel actor,
            Map<String, String> details) {
        // The offline form first: ending it ends its regular twin before it; a regular session alone is then next.
        // One claim covers both forms: held by another request means both are being ended there.
        int ended = listed.contains(SessionType.OFFLINE)
                ? claimAndEnd(new SessionKey(sessionId, SessionType.OFFLINE), null, listed, reason, actor, details)
                : 0;
        if (ended != 0 || !listed.contains(SessionType.REGULAR)) {
            return Math.max(0, ended);
        }
        return Math.max(
                0, claimAndEnd(new SessionKey(sessionId, SessionType.REGULAR), null, listed, reason, actor, details));
    }

    /**
     * Ends the live session of this id and type (an offline one with its regular twin), claimed before it is read,
     * for work that must not pass over a session another request holds (a bulk ending: the holder may be a batch of
     * a node that died, whose claim expires).
     *
     * @return how many sessions this call ended (0: none live), or -1 when another request holds the session now
     */
    public int endByIdUnlessHeld(SessionKey key, EndReason reason, ClientModel actor, Map<String, String> details) {
        return claimAndEnd(key, null, ALL_FORMS, reason, actor, details);
    }

    /** Up to {@code max} matching sessions after {@code after} in (id, type) order, started at or before a second. */
    public List<SessionKey> keysAfter(SessionFilter filter, SessionKey after, int max, int startedUpTo) {
        return index.after(filter, after, max, startedUpTo);
    }

    /** As {@link #keysAfter}, only up to {@code upTo} (inclusive) in the same order. */
    public List<SessionKey> keysBetween(
            SessionFilter filter, SessionKey after, SessionKey upTo, int max, int startedUpTo) {
        return index.between(filter, after, upTo, max, startedUpTo);
    }

    /**
     * The one claim-and-end: claims the sign-in of this key (both its forms), reads the session (unless the caller
     * has it) and ends it, an offline one after its regular twin.
     *
     * @param known  the session itself when the caller has it, else null (it is read once claimed)
     * @param listed the forms that may be live (the regular twin is looked up only when listed)
     * @return how many sessions were ended, or {@link #HELD}
     */
    private int claimAndEnd(
            SessionKey key,
            UserSessionModel known,
            Set<SessionType> listed,
            EndReason reason,
            ClientModel actor,
            Map<String, String> details) {
        EndingClaims.Claim claim = EndingClaims.claim(session, key.id());
        if (claim == null) {
            return HELD;
        }
        UserSessionModel s = known != null ? known : unended(key);
        if (s == null) {
            return 0; // the claim is given up with the request's others
        }
        int ended = 0;
        if (s.isOffline() && listed.contains(SessionType.REGULAR)) {
            // Keycloak removes the regular twin with the offline session, without telling its clients: end it first.
            UserSessionModel twin = unended(new SessionKey(s.getId(), SessionType.REGULAR));
            if (twin != null) {
                ended += endOne(twin, reason, actor, details);
            }
        }
        return ended + endOne(s, reason, actor, details);
    }

    /** The live session of this key, unless this request has ended it already (a claim is held per sign-in). */
    private UserSessionModel unended(SessionKey key) {
        Set<?> forms = session.getAttribute(ENDED_FORMS_IN_REQUEST, Set.class);
        return forms != null && forms.contains(key) ? null : find(key);
    }

    private int endOne(UserSessionModel s, EndReason reason, ClientModel actor, Map<String, String> details) {
        SessionFacts facts = SessionFacts.of(s);
        @SuppressWarnings("unchecked")
        Set<String> ended = session.getAttribute(ENDED_IN_REQUEST, Set.class);
        @SuppressWarnings("unchecked")
        Set<SessionKey> forms = session.getAttribute(ENDED_FORMS_IN_REQUEST, Set.class);
        if (ended == null) {
            ended = new HashSet<>();
            session.setAttribute(ENDED_IN_REQUEST, ended);
        }
        if (forms == null) {
            forms = new HashSet<>();
            session.setAttribute(ENDED_FORMS_IN_REQUEST, forms);
        }
        ended.add(s.getId());
        forms.add(new SessionKey(s.getId(), SessionType.of(s.isOffline())));
        SessionTerminator.end(session, realm, s, reason, actor, details);
        if (counts != null) {
            counts.record(session, SessionChange.ended(realm.getId(), facts));
        }
        if (recorder != null) {
            recorder.ended(session, realm, reason);
        }
        return 1;
    }

    /**
     * Of these sign-ins (session ids), those whose sessions Keycloak has written everywhere: their indexed facts are
     * written after that, once the sign-in's request has committed.
     */
    public Set<String> signInsWritten(Collection<String> sessionIds) {
        return index.withFacts(sessionIds);
    }

    /**
     * The user's live sessions as committed in the database (sessions created by requests still running, or
     * whose write is still queued, are not there yet), optionally of one device type only.
     */
    public List<SessionRow> liveSessionsOfUser(String userId, String deviceType) {
        return index.rowsOfUser(userId, deviceType);
    }
}
