package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.sessions.SessionRow;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the decision needs to know of one sign-in of the user.
 *
 * @param id         the user-session id (its regular and its offline session share it)
 * @param deviceType its device type, or null for a session created before this extension was installed
 * @param signedIn   when it signed in, epoch milliseconds (Keycloak's start second for sessions from before the
 *                   extension)
 */
record LiveSession(String id, String deviceType, long signedIn) {

    /** Oldest first: earliest signed in, ties broken by id so every node and every request agree. */
    static final Comparator<LiveSession> OLDEST_FIRST =
            Comparator.comparingLong(LiveSession::signedIn).thenComparing(LiveSession::id);

    /**
     * One per sign-in: the regular and the offline session of one sign-in count once (the first one listed
     * stands for both; they carry the same notes).
     */
    static List<LiveSession> ofRows(Collection<SessionRow> rows) {
        Map<String, LiveSession> byId = new LinkedHashMap<>();
        for (SessionRow row : rows) {
            byId.putIfAbsent(row.id(), new LiveSession(row.id(), row.deviceType(), row.signedIn()));
        }
        return List.copyOf(byId.values());
    }
}
