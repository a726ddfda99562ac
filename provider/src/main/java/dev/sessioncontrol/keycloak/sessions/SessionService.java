package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SessionIndex index;
    private final SessionCountCache counts;

    public SessionService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.index = new SessionIndex(session, realm);
        this.counts = session.getProvider(SessionCountCache.class);
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

    /** Live sessions matching the filter; realm-wide counts may be a few seconds old (see SessionCountCache). */
    public long count(SessionFilter filter) {
        return counts == null ? index.count(filter) : counts.count(realm.getId(), filter, () -> index.count(filter));
    }

    public void end(UserSessionModel s, EndReason reason, ClientModel actor, Map<String, String> details) {
        SessionTerminator.end(session, realm, s, reason, actor, details);
        if (counts != null) {
            counts.forgetRealm(realm.getId());
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
                UserSessionModel s = find(id);
                if (s != null && !spare.test(s)) {
                    end(s, reason, actor, Map.of());
                    ended++;
                }
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

    /** Users with more live sessions than {@code threshold}, most first (user id → count). */
    public Map<String, Long> usersAbove(int threshold, int max) {
        return index.usersAbove(threshold, max);
    }

    /** Live sessions per device type; sessions without one are counted under {@code ""}. */
    public Map<String, Long> countByDeviceType(List<String> candidateTypes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = count(SessionFilter.NONE);
        long typed = 0;
        for (String type : candidateTypes.stream().filter(Objects::nonNull).distinct().toList()) {
            long n = count(new SessionFilter(null, null, type, null));
            if (n > 0) {
                counts.put(type, n);
                typed += n;
            }
        }
        if (total > typed) {
            counts.put("", total - typed);
        }
        return counts;
    }
}
